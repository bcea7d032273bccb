import type { CallLogRow } from './ringostat-api';

/**
 * What a 2xx answer of `GET /calls/list` means. The export is documented only as JSON rows with a
 * 6,500-call limit (HC uk/6312678); what public clients had to learn is that a 2xx is not always rows:
 * - an error can come back inside a 200 — a client that imports the call history checks the text for
 *   `incorrect field` after `res.ok` (public import script, notes/ringostat.md §4.1), and the JSON-RPC
 *   side of the API answers errors inside a 200 too (§4.3);
 * - a period without calls can come back empty — no body, `null`, `{}` or `[]`.
 * So: rows, "no calls", or an error saying what Ringostat refused. How an error is worded is a guess
 * (docs/adr/0112-calls-list-answers.md): the reader looks for the words, not for one exact shape.
 */

export type CallsListAnswer =
  | { kind: 'rows'; rows: CallLogRow[] }
  | { kind: 'empty' }
  | { kind: 'incorrect-field'; field?: string; message: string }
  | { kind: 'limit'; message: string }
  | { kind: 'auth'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'unreadable'; message: string };

const INCORRECT_FIELD = /incorrect field[\s:"'`=]*([a-z][a-z0-9_]*)?/i;
const LIMIT = /too_many_calls|more than \d[\d\s,.]* calls|limit of \d|6[\s,.]?500/i;
const AUTH = /auth-?key|unauthori[sz]ed|forbidden|access denied/i;

export function readCallsListAnswer(text: string): CallsListAnswer {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'null') return { kind: 'empty' };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    // Not JSON: an error in plain text is still an error; anything else is an answer nobody documents.
    return classify(trimmed) ?? { kind: 'unreadable', message: `not JSON: ${clip(trimmed)}` };
  }
  if (Array.isArray(body)) return rowsOf(body);
  if (typeof body !== 'object' || body === null) {
    return { kind: 'unreadable', message: `a JSON ${typeof body} instead of a list of calls` };
  }
  const object = body as Record<string, unknown>;
  if (Array.isArray(object.data)) return rowsOf(object.data);
  const error = errorText(object);
  if (error !== undefined) return classify(error) ?? { kind: 'error', message: clip(error) };
  if (Object.keys(object).length === 0 || object.data === null) return { kind: 'empty' };
  return { kind: 'unreadable', message: `an object without calls: ${clip(trimmed)}` };
}

function rowsOf(items: unknown[]): CallsListAnswer {
  if (items.length === 0) return { kind: 'empty' };
  const bad = items.findIndex((item) => typeof item !== 'object' || item === null || Array.isArray(item));
  if (bad >= 0) return { kind: 'unreadable', message: `item ${bad} of the list is not a call object` };
  return { kind: 'rows', rows: items as CallLogRow[] };
}

/** The text of an error in any of the shapes seen: `error` (text or {message}), `errors`, `status: "error"`. */
function errorText(object: Record<string, unknown>): string | undefined {
  const candidates = [object.error, object.errors, object.status === 'error' ? object.message : undefined];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === null || candidate === false) continue;
    if (typeof candidate === 'string') return candidate;
    if (typeof candidate === 'object') {
      const message = (candidate as { message?: unknown }).message;
      return typeof message === 'string' ? message : JSON.stringify(candidate);
    }
    return String(candidate);
  }
  if (typeof object.message === 'string' && INCORRECT_FIELD.test(object.message)) return object.message;
  return undefined;
}

function classify(text: string): CallsListAnswer | undefined {
  const field = INCORRECT_FIELD.exec(text);
  if (field)
    return field[1]
      ? { kind: 'incorrect-field', field: field[1], message: clip(text) }
      : { kind: 'incorrect-field', message: clip(text) };
  if (LIMIT.test(text)) return { kind: 'limit', message: clip(text) };
  if (AUTH.test(text)) return { kind: 'auth', message: clip(text) };
  if (/error|invalid|incorrect|wrong|denied/i.test(text)) return { kind: 'error', message: clip(text) };
  return undefined;
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
