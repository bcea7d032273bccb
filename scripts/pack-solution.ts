/**
 * npm run pack [-- --version 1.0.3.0] [-- --managed-only | --unmanaged-only]
 * Validates solution/ + webresources/dist and writes dist/RingostatIntegration_<version>.zip (unmanaged)
 * and dist/RingostatIntegration_<version>_managed.zip.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packSolution, REPO_ROOT, SolutionValidationError } from './solution';

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
  await mkdir(values.out, { recursive: true });
  for (const managed of kinds) {
    const packed = await packSolution({ managed, ...(values.version ? { version: values.version } : {}) });
    const target = join(values.out, packed.fileName);
    await writeFile(target, packed.zip);
    console.log(`packed ${target} (${packed.zip.length} bytes, ${packed.entries.length} entries)`);
    if (managed === kinds[0]) {
      console.log(
        packed.webResources.length > 0
          ? `  web resources: ${packed.webResources.join(', ')}`
          : '  web resources: none (webresources/dist is empty or missing — run npm run build:webresources first)',
      );
      const reasons = new Map<string, number>();
      for (const a of packed.falseAlarms) reasons.set(a.reason, (reasons.get(a.reason) ?? 0) + 1);
      for (const [reason, n] of reasons) console.log(`  allowed schema message ×${n}: ${reason}`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(
    e instanceof SolutionValidationError ? e.message : `pack failed: ${(e as Error).stack ?? String(e)}`,
  );
  process.exitCode = 1;
});
