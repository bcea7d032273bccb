import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packSolution, referencedWebResourceNames, SolutionValidationError } from '../../../scripts/solution';

export const REPO = join(__dirname, '..', '..', '..');

/** A scratch copy of solution/ (and an empty web-resource folder) that a test may break. */
export interface SolutionCopy {
  root: string;
  sourceDir: string;
  webresourcesDir: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
  write(file: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Forms in solution/ may name web resources that only the web-resource build creates; the copy gets a stub
 * file for each, so the source validates without running that build.
 */
async function stubReferencedWebResources(customizations: string, webresourcesDir: string): Promise<void> {
  const names = referencedWebResourceNames(await readFile(customizations, 'utf8'), 'ringo');
  for (const name of names) {
    const path = join(webresourcesDir, ...name.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `/* stub of ${name} */`);
  }
}

export async function copySolution(): Promise<SolutionCopy> {
  const root = await mkdtemp(join(tmpdir(), 'ringo-solution-'));
  const sourceDir = join(root, 'solution');
  const webresourcesDir = join(root, 'webresources-dist');
  await cp(join(REPO, 'solution'), sourceDir, { recursive: true });
  await mkdir(webresourcesDir);
  await stubReferencedWebResources(join(sourceDir, 'customizations.xml'), webresourcesDir);
  return {
    root,
    sourceDir,
    webresourcesDir,
    async edit(file, change) {
      const path = join(sourceDir, file);
      const before = await readFile(path, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`test edit did not change ${file}`);
      await writeFile(path, after);
    },
    async write(file, text) {
      const path = join(root, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Packs a broken copy and returns the validation error message; fails the test if it packed. */
export async function packError(copy: SolutionCopy): Promise<string> {
  try {
    await packSolution({ managed: false, sourceDir: copy.sourceDir, webresourcesDir: copy.webresourcesDir });
  } catch (e) {
    if (e instanceof SolutionValidationError) return e.message;
    throw e;
  }
  throw new Error('the broken solution was packed');
}
