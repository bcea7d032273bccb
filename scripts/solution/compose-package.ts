import { buildContentTypes, CONTENT_TYPES_PATH } from './content-types';
import { compareEntryNames } from './deterministic-zip';
import type { WebResourceFile } from './web-resources';
import { bytesOf, escapeXml, textOf } from './xml-text';

export interface ComposeInput {
  /** Files of solution/ keyed by zip path. */
  source: ReadonlyMap<string, Uint8Array>;
  webResources: readonly WebResourceFile[];
  version: string;
  managed: boolean;
}

/** The source cannot be turned into a package (a marker element is missing): fix solution/. */
export class ComposeError extends Error {
  override readonly name = 'ComposeError';
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, file: string, what: string): string {
  if (!pattern.test(text)) throw new ComposeError(`${file}: ${what} not found`);
  return text.replace(pattern, replacement);
}

function webResourceXml(wr: WebResourceFile, indent: string): string {
  const base = wr.name.slice(wr.name.lastIndexOf('/') + 1);
  return [
    `${indent}<WebResource>`,
    `${indent}  <WebResourceId>{${wr.id}}</WebResourceId>`,
    `${indent}  <Name>${escapeXml(wr.name)}</Name>`,
    `${indent}  <DisplayName>${escapeXml(base)}</DisplayName>`,
    `${indent}  <WebResourceType>${wr.type}</WebResourceType>`,
    `${indent}  <IntroducedVersion>1.0.0.0</IntroducedVersion>`,
    `${indent}  <IsEnabledForMobileClient>0</IsEnabledForMobileClient>`,
    `${indent}  <IsAvailableForMobileOffline>0</IsAvailableForMobileOffline>`,
    `${indent}  <IsCustomizable>1</IsCustomizable>`,
    `${indent}  <CanBeDeleted>1</CanBeDeleted>`,
    `${indent}  <IsHidden>0</IsHidden>`,
    `${indent}  <FileName>/${escapeXml(wr.zipPath)}</FileName>`,
    `${indent}</WebResource>`,
  ].join('\n');
}

/** solution.xml: version and managed flag from the pack options; a type-61 root component per web resource. */
function composeManifest(text: string, input: ComposeInput): string {
  let out = replaceOnce(
    text,
    /<Version>[^<]*<\/Version>/,
    `<Version>${input.version}</Version>`,
    'solution.xml',
    '<Version>',
  );
  out = replaceOnce(
    out,
    /<Managed>[^<]*<\/Managed>/,
    `<Managed>${input.managed ? 1 : 0}</Managed>`,
    'solution.xml',
    '<Managed>',
  );
  if (input.webResources.length === 0) return out;
  const roots = input.webResources
    .map((wr) => `      <RootComponent type="61" schemaName="${escapeXml(wr.name)}" behavior="0" />\n`)
    .join('');
  return replaceOnce(
    out,
    /([ \t]*)<\/RootComponents>/,
    `${roots}$1</RootComponents>`,
    'solution.xml',
    '</RootComponents>',
  );
}

/** customizations.xml: the build's web resources appended to <WebResources> (source may hold its own). */
function composeCustomizations(text: string, webResources: readonly WebResourceFile[]): string {
  if (webResources.length === 0) return text;
  const entries = webResources.map((wr) => webResourceXml(wr, '    ')).join('\n');
  if (/<WebResources\s*\/>/.test(text))
    return text.replace(/<WebResources\s*\/>/, `<WebResources>\n${entries}\n  </WebResources>`);
  return replaceOnce(
    text,
    /([ \t]*)<\/WebResources>/,
    `${entries}\n$1</WebResources>`,
    'customizations.xml',
    '<WebResources>',
  );
}

/**
 * Turns solution/ plus the web-resource build into the exact file set of the zip (sorted), including
 * a generated [Content_Types].xml. Pure: no I/O.
 */
export function composePackage(input: ComposeInput): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [path, bytes] of input.source) {
    if (path === CONTENT_TYPES_PATH) continue; // always generated, never hand-kept
    if (path === 'solution.xml') files.set(path, bytesOf(composeManifest(textOf(bytes), input)));
    else if (path === 'customizations.xml')
      files.set(path, bytesOf(composeCustomizations(textOf(bytes), input.webResources)));
    else files.set(path, bytes);
  }
  for (const wr of input.webResources) {
    if (files.has(wr.zipPath)) throw new ComposeError(`two files map to the zip entry ${wr.zipPath}`);
    files.set(wr.zipPath, wr.content);
  }
  const paths = [...files.keys()].sort(compareEntryNames);
  files.set(CONTENT_TYPES_PATH, bytesOf(buildContentTypes(paths)));
  return new Map([...files.entries()].sort(([a], [b]) => compareEntryNames(a, b)));
}
