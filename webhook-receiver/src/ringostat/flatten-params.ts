/**
 * Some Webhooks 2.0 set-ups nest call fields inside `additional_call_data` — as an object in a JSON body,
 * as a JSON string, or as `additional_call_data[dst]=…` keys in a form body (public receivers read "from
 * root or from additional_call_data", notes/ringostat.md §2.4). This lifts them to the top level; a
 * top-level value wins over a nested one with the same key.
 */

const NESTED = 'additional_call_data';
const BRACKETED = /^additional_call_data\[([^\]]+)\]$/;

export function flattenParams(params: Record<string, unknown>): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};

  for (const key of Object.keys(params)) {
    if (key === '__proto__') continue; // would replace the prototype instead of adding a key
    const value = params[key];
    // Most keys are plain: the regular expression runs only on keys that can be nested ones.
    if (!key.startsWith(NESTED)) {
      top[key] = value;
      continue;
    }
    const bracket = BRACKETED.exec(key);
    if (bracket?.[1]) {
      if (bracket[1] !== '__proto__') nested[bracket[1]] = value;
    } else if (key === NESTED) {
      const inner = asObject(value);
      if (!inner) {
        top[key] = value;
        continue;
      }
      for (const [k, v] of Object.entries(inner)) if (k !== '__proto__') nested[k] = v;
    } else {
      top[key] = value;
    }
  }
  for (const key of Object.keys(nested)) {
    if (key !== '__proto__' && isBlank(top[key])) top[key] = nested[key];
  }
  return top;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
