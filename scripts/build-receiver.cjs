// `npm run build`: bundles the receiver and its operator commands into dist/receiver/ for plain `node`
// (docs/adr/0120-production-build.md). Plain JavaScript on purpose: it must run after
// `npm ci --omit=dev`, where tsx (a dev tool) is not installed; esbuild is the one build tool kept in
// "dependencies". npm packages stay external (`packages: 'external'`): they are required from
// node_modules at run time, so better-sqlite3's native addon, pino's worker-thread transports and the
// inbox writer thread work exactly as they do under tsx.
const { build } = require('esbuild');
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT_DIR = join(ROOT, 'dist', 'receiver');

/** dist/receiver/<name>.js ← source. Each runs its own main when started with node. */
const ENTRIES = {
  server: 'webhook-receiver/src/server.ts',
  backup: 'scripts/backup.ts',
  restore: 'scripts/restore.ts',
  'webhook-urls': 'scripts/webhook-urls.ts',
  'ringostat-sync-contacts': 'scripts/ringostat-sync-contacts.ts',
  'ringostat-backfill': 'scripts/ringostat-backfill.ts',
};

async function main() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules'));
  const { version } = require(join(ROOT, 'package.json'));
  // check-build.cjs compares this with the source, so a forgotten rebuild after an upgrade is caught.
  writeFileSync(
    join(OUT_DIR, 'build-info.json'),
    `${JSON.stringify({ version, builtAt: new Date().toISOString(), entries: ENTRIES, inputs }, null, 2)}\n`,
  );
  console.log(`built ${Object.keys(ENTRIES).length} entry points into ${relative(process.cwd(), OUT_DIR)}/`);
  console.log('Start the receiver with: npm run serve   (or: node dist/receiver/server.js)');
}

module.exports = { ENTRIES, OUT_DIR };

if (require.main === module)
  main().catch((error) => {
    console.error(
      `build failed: ${error && error.message ? error.message : String(error)}\n` +
        'If esbuild is missing, run `npm ci --omit=dev` (or `npm ci`) first, then `npm run build` again.',
    );
    process.exitCode = 1;
  });
