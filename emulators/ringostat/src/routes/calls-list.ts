import { CALL_LOG_FIELDS, DEFAULT_FIELDS, type CallLogRow } from '../call-log-fields';
import { callsBetween, type EmulatorState } from '../emulator-state';
import { formatWallClock, parseWallClock } from '../project-clock';
import { json } from './json-response';

/**
 * GET /calls/list — call-history export (HC uk/6312678; ../../../../../shared/notes/ringostat.md §4.1).
 *
 * `from`/`to` are wall-clock `YYYY-MM-DD HH:MM:SS` in the project's time zone, both inclusive; `to`
 * defaults to now and `from` to `to` − 24 h. It answers the way public clients found the real API does
 * (docs/adr/0112-calls-list-answers.md), which the receiver must cope with:
 * - a field it does not know → **200** with `{"error":"incorrect field: <name>"}` (a public import script
 *   checks `incorrect field` in the text of a 2xx);
 * - a period without calls → 200 with an **empty body** (`emptyAnswer: 'array'` answers `[]` instead);
 * - more than the limit ("no more than 6500 calls in one request", undocumented behaviour past it):
 *   `overLimit: 'error'` (default) → 200 with `{"error":"… more than 6500 calls …"}`;
 *   `overLimit: 'truncate'` → 200 with the first 6,500 calls and nothing said.
 * Anything the emulator does not implement (CSV, `merge`, `~` filters) answers 501 with the reason.
 */

export interface CallsListOptions {
  timeZone: string;
  limit: number;
  overLimit: 'error' | 'truncate';
  emptyAnswer: 'empty-body' | 'array';
  now: () => Date;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(CALL_LOG_FIELDS);

export function callsList(url: URL, state: EmulatorState, options: CallsListOptions): Response {
  const q = url.searchParams;
  const exportType = q.get('export_type') ?? 'json';
  if (exportType === 'csv') return notImplemented('export_type=csv (the emulator exports JSON only)');
  if (exportType !== 'json') return json(400, { error: `incorrect export_type: ${exportType}` });
  if ((q.get('merge') ?? '0') !== '0') return notImplemented('merge other than 0');

  const toText = q.get('to') ?? formatWallClock(options.now().getTime(), options.timeZone);
  const to = parseWallClock(toText, options.timeZone);
  if (to === undefined) return badDate('to', toText);
  const fromText = q.get('from') ?? formatWallClock(to - 86_400_000, options.timeZone);
  const from = parseWallClock(fromText, options.timeZone);
  if (from === undefined) return badDate('from', fromText);

  const fields = (q.get('fields') ?? DEFAULT_FIELDS.join(',')).split(',').map((f) => f.trim());
  const unknown = fields.find((f) => !KNOWN_FIELDS.has(f));
  if (unknown !== undefined) return json(200, { error: `incorrect field: ${unknown}` });

  const filter = parseFilter(q.get('filters'));
  if (typeof filter === 'string') return notImplemented(filter);
  const order = q.get('order') ?? 'calldate asc';
  if (!/^calldate (asc|desc)$/i.test(order))
    return notImplemented(`order "${order}" (only calldate asc|desc)`);

  let found = callsBetween(state, from, to).map((c) => c.row);
  if (filter) found = found.filter((row) => String(row[filter.field] ?? '') === filter.value);
  if (found.length > options.limit) {
    if (options.overLimit === 'error') {
      return json(200, {
        error: `It is not possible to export more than ${options.limit} calls in one request; split the period`,
      });
    }
    found = found.slice(0, options.limit);
  }
  if (found.length === 0) {
    return options.emptyAnswer === 'array'
      ? json(200, [])
      : new Response('', { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
  if (/desc$/i.test(order)) found = [...found].reverse();
  return json(
    200,
    found.map((row) => project(row, fields)),
  );
}

function project(row: CallLogRow, fields: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const field of fields) out[field] = row[field as keyof CallLogRow] ?? '';
  return out;
}

/** `field=value` on one call-log field; the rest of the grammar (`~` base64 patterns, several conditions) is unknown. */
function parseFilter(text: string | null): { field: keyof CallLogRow; value: string } | undefined | string {
  if (!text) return undefined;
  const match = /^([a-z_]+)=(.*)$/.exec(text);
  if (!match || !KNOWN_FIELDS.has(match[1] ?? '')) return `filters "${text}" (only a single field=value)`;
  return { field: match[1] as keyof CallLogRow, value: match[2] ?? '' };
}

function badDate(param: string, value: string): Response {
  return json(400, { error: `incorrect ${param}: "${value}", expected YYYY-MM-DD HH:MM:SS` });
}

function notImplemented(what: string): Response {
  return json(501, { error: 'not_implemented', message: `the Ringostat emulator does not support ${what}` });
}
