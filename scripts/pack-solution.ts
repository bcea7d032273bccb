/**
 * npm run pack [-- --version 1.0.3.0] [-- --managed-only | --unmanaged-only] [-- --out <folder>]
 * Builds the web resources (webresources/build.ts → webresources/dist), validates solution/ with them and
 * writes dist/RingostatIntegration_<version>.zip (unmanaged) and …_managed.zip. Works from a fresh clone:
 * nothing has to be built first. Nothing is written when anything fails, and each failure names the
 * command to run after fixing it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWebResources } from '../webresources/build';
import { packSolution, REPO_ROOT, SolutionValidationError, type PackedSolution } from './solution';

const USAGE = 'usage: npm run pack [-- --version 1.0.3.0] [--managed-only | --unmanaged-only] [--out dist]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      out: { type: 'string', default: join(REPO_ROOT, 'dist') },
      'managed-only': { type: 'boolean', default: false },
      'unmanaged-only': { type: 'boolean', default: false },
    },
  });
  const kinds = values['managed-only'] ? [true] : values['unmanaged-only'] ? [false] : [false, true];

  const built = await buildWebResources().catch((error: unknown) => {
    throw new PackFailure(
      `the web resources did not build: ${(error as Error).message}\n` +
        'Fix the web-resource source (webresources/src) and run `npm run pack` again ' +
        '(`npm run build:webresources` builds them alone).',
    );
  });
  console.log(
    `built ${built.length} web resources into ${relative(process.cwd(), join(REPO_ROOT, 'webresources', 'dist')) || '.'}`,
  );

  // Pack everything before writing anything, so a failure never leaves half a result (or an empty dist/).
  const packed: PackedSolution[] = [];
  for (const managed of kinds)
    packed.push(await packSolution({ managed, ...(values.version ? { version: values.version } : {}) }));
  await mkdir(values.out, { recursive: true });
  for (const solution of packed) {
    const target = join(values.out, solution.fileName);
    await writeFile(target, solution.zip);
    console.log(`packed ${target} (${solution.zip.length} bytes, ${solution.entries.length} entries)`);
  }
  const first = packed[0];
  if (!first) return;
  console.log(`  web resources: ${first.webResources.join(', ')}`);
  const reasons = new Map<string, number>();
  for (const a of first.falseAlarms) reasons.set(a.reason, (reasons.get(a.reason) ?? 0) + 1);
  for (const [reason, n] of reasons) console.log(`  allowed schema message ×${n}: ${reason}`);
  console.log(
    'Import one into Smart CRM: `npm run deploy -- --env <name>` or the maker portal (docs/admin-guide.md §4).',
  );
}

/** A failure whose message already says what to do. */
class PackFailure extends Error {}

main().catch((e: unknown) => {
  if (e instanceof SolutionValidationError)
    console.error(`${e.message}\nAfter fixing them, run \`npm run pack\` again.`);
  else if (e instanceof PackFailure) console.error(`pack failed: ${e.message}`);
  else if (String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS'))
    console.error(`pack failed: ${(e as Error).message}\n${USAGE}`);
  else
    console.error(
      `pack failed: ${(e as Error).stack ?? String(e)}\nThis is a defect in the packer, not in your input; ` +
        'report it with the text above. Running `npm run pack` again will not help.',
    );
  process.exitCode = 1;
});
