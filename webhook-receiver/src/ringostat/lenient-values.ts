/**
 * Reading Ringostat's loosely typed values (../../../docs/webhook-parameters.md, "Values"):
 * numbers often arrive as strings (`"waittime":"36"`), and "no value" arrives as "", "-1", "(none)" or
 * "(not set)" (Ringostat call-log export, HC uk/6312678). Pure functions, no I/O.
 */

const ABSENT = new Set(['', '-1', '(none)', '(not set)', 'null', 'undefined']);

export type Read<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/** A text value, trimmed; `undefined` when absent. Objects and arrays are not text. */
export function readText(value: unknown): Read<string> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string')
    return { ok: false, message: 'expected a text value, got an object or a list' };
  const text = value.trim();
  return { ok: true, value: ABSENT.has(text.toLowerCase()) ? undefined : text };
}

/** Whole seconds ("36", 36, "36.0"); negative or non-numeric values are problems. */
export function readSeconds(value: unknown): Read<number> {
  const text = readText(value);
  if (!text.ok || text.value === undefined) return text as Read<number>;
  const n = Number(text.value.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0)
    return { ok: false, message: `expected whole seconds, got "${clip(text.value)}"` };
  return { ok: true, value: Math.round(n) };
}

/** "1"/"0", "true"/"false", "yes"/"no" (Ringostat sends has_recording as "0"/"1"). */
export function readFlag(value: unknown): Read<boolean> {
  const text = readText(value);
  if (!text.ok || text.value === undefined) return text as Read<boolean>;
  const lower = text.value.toLowerCase();
  if (['1', 'true', 'yes', 'y'].includes(lower)) return { ok: true, value: true };
  if (['0', 'false', 'no', 'n'].includes(lower)) return { ok: true, value: false };
  return { ok: false, message: `expected "1" or "0", got "${clip(text.value)}"` };
}

/**
 * Only http(s) links are kept: a recording URL ends up as the `src` of an audio element and as a link in
 * the CRM, so `javascript:` or `data:` values are refused rather than stored.
 */
export function readHttpUrl(value: unknown): Read<string> {
  const text = readText(value);
  if (!text.ok || text.value === undefined) return text;
  let url: URL;
  try {
    url = new URL(text.value);
  } catch {
    return { ok: false, message: 'expected an http(s) link, got text that is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `expected an http(s) link, got a "${url.protocol}" URL` };
  }
  return { ok: true, value: url.href };
}

/**
 * Splits a SIP display string: `"Іван Петренко" <company_manager1>` → name + login. Outgoing calls
 * from a SIP phone carry the employee this way (public receivers, notes/ringostat.md §2.2).
 */
export function splitSipCaller(text: string): { caller: string; callerName?: string } {
  const match = /^\s*(?:"([^"]*)"|([^<"]*?))\s*<([^<>]+)>\s*$/.exec(text);
  if (!match) return { caller: text };
  const name = (match[1] ?? match[2] ?? '').trim();
  const caller = (match[3] ?? '').trim();
  return name ? { caller, callerName: name } : { caller };
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
