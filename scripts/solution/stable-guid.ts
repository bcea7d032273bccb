import { createHash } from 'node:crypto';

/**
 * The fixed namespace every product GUID is derived from:
 * uuidv5(NAMESPACE_URL, 'urn:ringostat-smart-crm:solution-components').
 * Never change it — every web resource, view and form id in an installed org depends on it.
 */
export const SOLUTION_GUID_NAMESPACE = '8788fe96-03df-5eac-9f00-64d9883b0653';

/**
 * A stable, name-derived GUID (RFC 4122 version 5: SHA-1 of namespace + name), lower case, no braces.
 * Dataverse matches solution components by id on re-import, so ids must never be random per build:
 * a new id each pack would make every upgrade create a second web resource with the same name.
 *
 *   stableGuid('ringo_/html/player.html') → 'c952d552-f3bc-5ac7-99b8-793fc9b0fff5'
 */
export function stableGuid(name: string): string {
  if (name.length === 0) throw new TypeError('stableGuid needs a non-empty component name');
  const namespaceBytes = Buffer.from(SOLUTION_GUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The same GUID in the `{…}` form solution XML uses (`<WebResourceId>`, `<formid>`, `libraryUniqueId`). */
export function stableGuidBraced(name: string): string {
  return `{${stableGuid(name)}}`;
}
