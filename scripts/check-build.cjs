// Preloaded by the npm scripts that run the production build (`node --require ./scripts/check-build.cjs
// dist/receiver/<entry>.js`): a missing or outdated build stops with the command that fixes it, instead of
// Node's "Cannot find module" or, worse, yesterday's code running after an upgrade.
const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const INFO = join(ROOT, 'dist', 'receiver', 'build-info.json');

/** When `file` last changed; a source file that is gone counts as changed now. */
function changedAt(file) {
  return existsSync(file) ? statSync(file).mtimeMs : Date.now();
}

function fail(message) {
  console.error(
    `${message}\nRun \`npm run build\` (after \`npm ci --omit=dev\` or \`npm ci\`), then start again.`,
  );
  process.exit(1);
}

if (!existsSync(INFO)) fail('The production build is missing (dist/receiver/ has no build-info.json).');
const info = JSON.parse(readFileSync(INFO, 'utf8'));
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
if (info.version !== version)
  fail(`The production build is of version ${info.version}, but this checkout is ${version}.`);
const builtAt = Date.parse(info.builtAt);
// The bundled source files (esbuild's inputs), when this copy has them: a Docker image ships dist/ alone.
const sources = existsSync(join(ROOT, 'webhook-receiver')) ? [...info.inputs, 'package-lock.json'] : [];
const changed = sources.filter((file) => changedAt(join(ROOT, file)) > builtAt);
if (changed.length > 0)
  fail(
    `The source changed after the production build was made (${changed[0]}${changed.length > 1 ? ` and ${changed.length - 1} more` : ''}): ` +
      'an upgrade or an edit since `npm run build`.',
  );
