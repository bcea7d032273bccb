import { zipSync, type Zippable } from 'fflate';

/**
 * The DOS timestamp written for every entry. Built from local-time components on purpose: fflate
 * converts mtime with getFullYear()/getHours() (local time), so a Date made from local components gives
 * the same DOS fields — 1980-01-01 00:00:00, the earliest DOS date — in every time zone.
 */
function fixedMtime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}

/**
 * Zips files so that the same input gives the same bytes on any machine, time zone or day:
 * sorted entry names, forward slashes, no directory entries, fixed mtime, fixed OS/attribute fields,
 * deflate at a fixed level.
 */
export function zipDeterministic(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const names = [...files.keys()].sort(compareEntryNames);
  const zippable: Zippable = {};
  const mtime = fixedMtime();
  for (const name of names) {
    if (name.includes('\\') || name.startsWith('/') || name.endsWith('/'))
      throw new TypeError(`zip entry "${name}" must be a relative file path with forward slashes`);
    const content = files.get(name);
    if (content === undefined) continue;
    zippable[name] = [content, { level: 6, mtime, os: 0, attrs: 0 }];
  }
  return zipSync(zippable);
}

/** Plain code-unit order, independent of the locale the packer runs in. */
export function compareEntryNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
