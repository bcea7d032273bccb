import { escapeXml } from './xml-text';

export const CONTENT_TYPES_PATH = '[Content_Types].xml';

/** Extensions covered by a `<Default>` entry; every other file gets an `<Override>` of its own. */
const DEFAULT_EXTENSIONS = ['xml', 'json'] as const;

function extensionOf(path: string): string | undefined {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(dot + 1).toLowerCase() : undefined;
}

/** True when `[Content_Types].xml` does not need an Override for this file. */
export function coveredByDefault(path: string, defaults: readonly string[] = DEFAULT_EXTENSIONS): boolean {
  const ext = extensionOf(path);
  return ext !== undefined && defaults.includes(ext);
}

/**
 * The OPC content-types part every solution zip carries. Shape copied from real exports
 * (AlAIAgentTelephonyState_1_0_0_0.zip): Defaults for xml/json, one Override per extension-less
 * web resource file, everything application/octet-stream.
 */
export function buildContentTypes(paths: readonly string[]): string {
  const defaults = DEFAULT_EXTENSIONS.map(
    (ext) => `<Default Extension="${ext}" ContentType="application/octet-stream" />`,
  );
  const overrides = paths
    .filter((p) => p !== CONTENT_TYPES_PATH && !coveredByDefault(p))
    .map((p) => `<Override PartName="/${escapeXml(p)}" ContentType="application/octet-stream" />`);
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    [...defaults, ...overrides].join('') +
    '</Types>'
  );
}
