import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { stableGuid } from './stable-guid';
import { blankComments } from './xml-text';

/**
 * Web resource type codes by file extension — webresource.webresourcetype
 * (learn.microsoft.com/power-apps/developer/data-platform/reference/entities/webresource).
 */
export const WebResourceTypeByExtension = {
  '.html': 1,
  '.htm': 1,
  '.css': 2,
  '.js': 3,
  '.xml': 4,
  '.png': 5,
  '.jpg': 6,
  '.jpeg': 6,
  '.gif': 7,
  '.xsl': 9,
  '.xslt': 9,
  '.ico': 10,
  '.svg': 11,
  '.resx': 12,
} as const;

/** Files the web-resource build may emit that Dataverse has no web resource type for (not packed). */
const NOT_WEB_RESOURCES = new Set(['.map', '.txt', '.md']);

export interface WebResourceFile {
  /** Web resource name = path relative to the build folder, e.g. `ringo_/html/player.html`. */
  name: string;
  type: number;
  /** stableGuid(name), lower case, no braces. */
  id: string;
  /** Entry path in the zip, named as Dataverse exports name it. */
  zipPath: string;
  content: Uint8Array;
}

/** A file in the web-resource build folder cannot become a web resource: fix the build, retrying will not help. */
export class WebResourceError extends Error {
  override readonly name = 'WebResourceError';
}

/**
 * Exports store a web resource as `WebResources/<name without non-alphanumerics><ID IN UPPER CASE>`, no
 * extension (real export AlAIAgentTelephonyState_1_0_0_0.zip: `WebResources/alai_jstelephonystatejs2BD35B47-…`).
 */
export function webResourceZipPath(name: string, id: string): string {
  return `WebResources/${name.replace(/[^A-Za-z0-9_]/g, '')}${id.toUpperCase()}`;
}

/** Reads every file under `dir` (the web-resource build output). A missing folder means "no web resources". */
export async function collectWebResources(dir: string): Promise<WebResourceFile[]> {
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result: WebResourceFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const name = absolute.slice(dir.length).replace(/\\/g, '/').replace(/^\/+/, '');
    const ext = extname(name).toLowerCase();
    if (NOT_WEB_RESOURCES.has(ext)) continue;
    const type = (WebResourceTypeByExtension as Record<string, number>)[ext];
    if (type === undefined)
      throw new WebResourceError(
        `${absolute}: no Dataverse web resource type for "${ext || 'no extension'}" ` +
          `(supported: ${Object.keys(WebResourceTypeByExtension).join(' ')})`,
      );
    const id = stableGuid(name);
    result.push({ name, type, id, zipPath: webResourceZipPath(name, id), content: await readFile(absolute) });
  }
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Names of our web resources that customizations.xml refers to (form libraries, event handlers, web resource
 * controls, `$webresource:` links) — what the web-resource build must provide for the package to validate.
 */
export function referencedWebResourceNames(customizationsXml: string, prefix: string): string[] {
  const names = new Set<string>();
  const pattern = /(?:<Library\b[^>]*\bname="|\blibraryName="|<Url>\s*|\$webresource:)([^"<?&\s]+)/g;
  for (const m of blankComments(customizationsXml).matchAll(pattern))
    if (m[1]?.startsWith(`${prefix}_`)) names.add(m[1]);
  return [...names].sort();
}

/**
 * A stand-in for a web resource the build has not produced, for packages used only for their metadata
 * (the Dataverse emulator). Never deploy such a package: the file says what it is.
 */
export function placeholderWebResource(name: string): WebResourceFile {
  const ext = extname(name).toLowerCase();
  const type =
    (WebResourceTypeByExtension as Record<string, number>)[ext] ?? WebResourceTypeByExtension['.js'];
  const note = `placeholder for ${name}: run npm run build:webresources before packing for an environment`;
  const text = type === 1 || type === 4 || type === 11 || type === 12 ? `<!-- ${note} -->` : `/* ${note} */`;
  const id = stableGuid(name);
  return { name, type, id, zipPath: webResourceZipPath(name, id), content: new TextEncoder().encode(text) };
}
