import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The commands and links the documentation gives an operator exist: every `npm run X` named in the
 * README, docs/, deploy/ and the folder READMEs is a script in package.json; every script is listed in
 * the README's commands; every relative link in those files leads to a file that is there.
 */
const ROOT = join(__dirname, '..', '..', '..');
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

const documents = [
  join(ROOT, 'README.md'),
  join(ROOT, 'CHANGELOG.md'),
  ...filesUnder(join(ROOT, 'docs'), /\.md$/),
  ...filesUnder(join(ROOT, 'deploy'), /./),
  ...['scripts', 'webhook-receiver', 'webresources', 'emulators', 'solution', 'tests']
    .map((folder) => join(ROOT, folder, 'README.md'))
    .filter((file) => existsSync(file)),
];
const named = (file: string) => relative(ROOT, file);

test.each(documents.map(named))('every `npm run X` in %s is a script in package.json', (file) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const mentioned = [...text.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)].map((m) => m[1] ?? '');
  const unknown = [...new Set(mentioned)].filter((name) => !scripts.includes(name));
  expect(unknown).toEqual([]);
});

test('the README lists every npm script', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const listed = (name: string) =>
    readme.includes(`npm run ${name}`) ||
    (name === 'start' && readme.includes('npm start')) ||
    (name === 'test' && readme.includes('npm test'));
  expect(scripts.filter((name) => !listed(name))).toEqual([]);
});

test.each(documents.filter((file) => file.endsWith('.md')).map(named))(
  'every relative link in %s leads to a file or folder that exists',
  (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
      .map((target) => target.replace(/#.*$/, ''));
    const broken = targets.filter((target) => !existsSync(resolve(dirname(join(ROOT, file)), target)));
    expect(broken).toEqual([]);
  },
);

test('the Ukrainian admin guide has every section of the English one', () => {
  const sections = (file: string) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^## (\d+)\./gm)].map((m) => m[1]);
  expect(sections('docs/uk/admin-guide.md')).toEqual(sections('docs/admin-guide.md'));
});
