import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { seedDemoCallAi } from './demo-call-ai';
import { seedDemoCalls } from './demo-calls';
import { createPreviewServer } from './preview-server';

/**
 * `npx tsx scripts/preview/serve.ts`: the CRM pages on their own — a Dataverse emulator with demo
 * calls plus the preview server. (`npm start` wires the preview into the full demo instead.)
 * PREVIEW_PORT (default 5600) and RECEIVER_URL are optional.
 */
async function main(): Promise<void> {
  const dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const preview = await createPreviewServer({
    dataverseUrl: dataverse.url,
    receiverUrl: process.env['RECEIVER_URL'] ?? 'http://127.0.0.1:3000',
    port: Number(process.env['PREVIEW_PORT'] ?? 5600),
  });
  const demo = seedDemoCalls(dataverse.emulator, { recordingBaseUrl: `${preview.url}/preview/recordings` });
  const withAi = seedDemoCallAi(dataverse.emulator, {
    recordingBaseUrl: `${preview.url}/preview/recordings`,
  });
  console.log(`Dataverse emulator: ${dataverse.url}`);
  console.log(`Preview:            ${preview.url}/`);
  console.log(`  call journal:     ${preview.url}/webresources/ringo_/html/call_log.html`);
  console.log(`  settings:         ${preview.url}/webresources/ringo_/html/settings.html`);
  console.log(`  phone call form:  ${preview.url}/preview/form/phonecall?id=${demo.calls.playable}`);
  console.log(`  with AI analysis: ${preview.url}/preview/form/phonecall?id=${withAi}`);
  const stop = (): void => {
    void Promise.all([preview.close(), dataverse.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
