/**
 * Typed text inside a contains() filter: single quotes doubled (OData string literal), SQL wildcard
 * characters (% _ [ ]) dropped so they match literally nowhere instead of everywhere, and the value
 * URL-encoded, which Microsoft requires for special characters in filter values:
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 */
export function containsLiteral(text: string): string {
  const clean = text
    .replace(/[%_[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return encodeURIComponent(clean.replace(/'/g, "''"));
}
