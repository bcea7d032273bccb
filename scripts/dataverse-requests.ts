/**
 * npm run docs:dataverse-requests — rewrites docs/dataverse-requests.md from the requests the product
 * sends against the Dataverse emulator, and refuses when one of them is a shape the list does not name.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordProductRequests } from './dataverse-requests/record-requests';
import { checkShapes, renderRequestsDoc } from './dataverse-requests/render-requests-doc';
import { REPO_ROOT } from './solution';

export const REQUESTS_DOC = join(REPO_ROOT, 'docs', 'dataverse-requests.md');

async function main(): Promise<void> {
  const requests = await recordProductRequests();
  const { unlisted, unsent } = checkShapes(requests);
  for (const r of unlisted)
    console.error(`not a listed shape: ${r.method} ${r.path} ${JSON.stringify(r.query)}`);
  for (const s of unsent) console.error(`listed but not sent: ${s.id}`);
  if (unlisted.length > 0) {
    console.error(
      'Add each request to scripts/dataverse-requests/request-shapes.ts with the Learn page that documents it.',
    );
    process.exitCode = 1;
    return;
  }
  await writeFile(REQUESTS_DOC, renderRequestsDoc(requests));
  console.log(`wrote ${REQUESTS_DOC} (${requests.length} requests recorded)`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
