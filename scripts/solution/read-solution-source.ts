import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The solution source folder is missing or unreadable: a set-up problem, retrying will not help. */
export class SolutionSourceError extends Error {
  override readonly name = 'SolutionSourceError';
}

/**
 * Reads `solution/` (kept in the zip layout of an exported solution) into a map of zip entry path →
 * bytes. Paths use forward slashes; dot-files (editor and OS litter) and Markdown notes (*.md, for the
 * people who edit the source) are not part of the package.
 */
export async function readSolutionSource(sourceDir: string): Promise<Map<string, Uint8Array>> {
  let entries;
  try {
    entries = await readdir(sourceDir, { recursive: true, withFileTypes: true });
  } catch (e) {
    throw new SolutionSourceError(
      `cannot read the solution source folder ${sourceDir}: ${(e as Error).message}`,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const path = relative(sourceDir, absolute).split(sep).join('/');
    if (path.split('/').some((part) => part.startsWith('.')) || path.toLowerCase().endsWith('.md')) continue;
    files.set(path, await readFile(absolute));
  }
  if (!files.has('solution.xml') || !files.has('customizations.xml'))
    throw new SolutionSourceError(
      `${sourceDir} must contain solution.xml and customizations.xml at its root (the layout of an exported solution zip)`,
    );
  return files;
}
