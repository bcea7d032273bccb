/**
 * `calldate` in the shapes a Ringostat admin can pick in Webhooks 2.0 ("Date format", HC 6313229):
 *
 * - `2026-03-02 14:05:11` (also `02.03.2026 14:05:11`): no offset, so it is read as wall-clock time in
 *   the project's time zone (RINGOSTAT_TIMEZONE). Which zone Ringostat uses is not documented
 *   (../../../docs/webhook-parameters.md); the default is Europe/Kyiv.
 * - ISO 8601 with an offset, as the call-log export sends it: `2019-06-02T09:30:47+0300`, `…+03:00`, `…Z`.
 * - epoch seconds, milliseconds or microseconds (`call_timestamp` "1640989006505487" in public receivers).
 *
 * Pure: the time zone comes in as an argument; DST comes from the platform's tz database via Intl.
 */

export type CallDateResult = { ok: true; iso: string } | { ok: false; message: string };

const LOCAL =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const EPOCH = /^\d{9,17}(?:\.\d+)?$/;

export function parseCallDate(value: string | number, timeZone: string): CallDateResult {
  const text = String(value).trim();
  if (EPOCH.test(text)) return fromEpoch(Number(text));

  const iso = LOCAL.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, offset] = iso;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const fields = toFields(y, mo, d, h, mi, s, ms);
    if (!fields) return bad(text);
    return offset ? withOffset(fields, offset) : inZone(fields, timeZone);
  }
  const dotted = DOTTED.exec(text);
  if (dotted) {
    const [, d, mo, y, h, mi, s] = dotted;
    const fields = toFields(y, mo, d, h, mi, s, 0);
    return fields ? inZone(fields, timeZone) : bad(text);
  }
  return bad(text);
}

/** True when the platform knows the IANA zone name (used by the config check at boot). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

type Fields = [
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
];

function toFields(...parts: Array<string | number | undefined>): Fields | undefined {
  const [y, mo, d, h, mi, s, ms] = parts.map((p) => Number(p ?? 0)) as Fields;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  // Date.UTC rolls 31 April over to 1 May; a round trip catches impossible days.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return [y, mo, d, h, mi, s, ms];
}

function fromEpoch(n: number): CallDateResult {
  // Magnitude decides the unit: seconds until the year 5138, then milliseconds, then microseconds.
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n / 1000;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? bad(String(n)) : { ok: true, iso: date.toISOString() };
}

function withOffset([y, mo, d, h, mi, s, ms]: Fields, offset: string): CallDateResult {
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (offset.toUpperCase() === 'Z') return { ok: true, iso: new Date(utc).toISOString() };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.replace(/[+:-]/g, '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return { ok: true, iso: new Date(utc - sign * minutes * 60_000).toISOString() };
}

/**
 * Wall-clock time in a zone → instant. Ambiguous times (the repeated hour when DST ends) resolve to the
 * earlier instant and non-existent ones (the skipped hour when DST starts) move forward by the gap —
 * the "compatible" rule of Temporal and of most calendars.
 */
function inZone([y, mo, d, h, mi, s, ms]: Fields, timeZone: string): CallDateResult {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  // Try the offset in force the day before first (earlier instant on overlaps), then the one after.
  for (const offset of [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(candidate, timeZone) === offset) return { ok: true, iso: new Date(candidate).toISOString() };
  }
  // In a DST gap neither offset round-trips: keep the pre-transition offset, which moves the time forward.
  return { ok: true, iso: new Date(wall - before).toISOString() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets per zone, by quarter-hour bucket; a numeric key per zone avoids building a string per lookup. */
const offsets = new Map<string, Map<number, number>>();
/** Zone transitions fall on quarter hours, so one offset holds for a whole quarter-hour bucket. */
const BUCKET_MS = 15 * 60_000;

/** Offset of `timeZone` from UTC at instant `t`, in milliseconds (Kyiv in winter: +7 200 000). */
function offsetAt(t: number, timeZone: string): number {
  // Intl formatting costs tens of microseconds; webhooks of one day share a handful of buckets.
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const bucket = Math.floor(t / BUCKET_MS);
  const cached = zone.get(bucket);
  if (cached !== undefined) return cached;
  if (zone.size > 10_000) zone.clear();
  const offset = computeOffset(bucket * BUCKET_MS, timeZone);
  zone.set(bucket, offset);
  return offset;
}

function computeOffset(t: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(new Date(t))) part[type] = Number(value);
  const asUtc = Date.UTC(
    part.year ?? 0,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    part.hour ?? 0,
    part.minute ?? 0,
    part.second ?? 0,
  );
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

function bad(text: string): CallDateResult {
  return {
    ok: false,
    message: `"${text.slice(0, 40)}" is not a date Ringostat sends; pick "YYYY-MM-DD HH:MM:SS", ISO 8601 with an offset or a Unix timestamp in the webhook's date format`,
  };
}
