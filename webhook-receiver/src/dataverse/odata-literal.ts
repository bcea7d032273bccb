/**
 * OData string literals and alternate-key segments. A single quote is doubled (OData ABNF, "SQUOTE-in-
 * string"). Key values containing / < > * % & : \ ? break GET/PATCH by key (Microsoft Learn,
 * developer/data-platform/define-alternate-keys-entity), and dynamics-web-api also splits keys on "," and
 * rewrites `"` — such call ids are addressed by $filter instead.
 */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const UNSAFE_IN_KEY = /[/<>*%&:\\?,"#\s]/;
const GUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/i;

export function isKeySafe(value: string): boolean {
  return value.length > 0 && !UNSAFE_IN_KEY.test(value) && !GUID.test(value);
}

/** `ringo_callid='ua18_-1791545397.2215926'` for `phonecalls(…)`. */
export function callIdKey(callId: string): string {
  return `ringo_callid=${odataString(callId)}`;
}
