/**
 * The emulator's own reading and writing of Ringostat's project time, independent of the receiver's
 * code on purpose: if the product misreads Ringostat's formats, a test against this emulator must be
 * able to fail. Ringostat's call-log API takes `from`/`to` as wall-clock `YYYY-MM-DD HH:MM:SS` in the
 * project's zone and writes `calldate` as ISO 8601 with the offset, `2019-06-02T09:30:47+0300`
 * (HC uk/6312678 and the official sample response quoted in notes/ringostat.md §2.2).
 *
 * Offsets come from Intl's `longOffset` zone name ("GMT+03:00"). A wall-clock time is tried with the
 * offsets in force half a day either side; of those that round-trip the earliest wins (the hour that
 * repeats in autumn), and a time in the spring gap takes the offset from before it.
 */

const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const zoneNames = new Map<string, Intl.DateTimeFormat>();
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in `zone` at instant `ms` (Kyiv in summer: 180). */
export function offsetMinutes(ms: number, zone: string): number {
  let format = zoneNames.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' });
    zoneNames.set(zone, format);
  }
  const name = format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** `YYYY-MM-DD HH:MM:SS` in `zone` → epoch milliseconds; undefined when the text is not that shape. */
export function parseWallClock(text: string, zone: string): number | undefined {
  const m = WALL.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(asUtc).getUTCDate() !== d || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const before = offsetMinutes(asUtc - 43_200_000, zone);
  const after = offsetMinutes(asUtc + 43_200_000, zone);
  const valid = [before, after]
    .map((offset) => ({ offset, at: asUtc - offset * 60_000 }))
    .filter(({ offset, at }) => offsetMinutes(at, zone) === offset)
    .map(({ at }) => at);
  return valid.length > 0 ? Math.min(...valid) : asUtc - before * 60_000;
}

/** Epoch milliseconds → `YYYY-MM-DD HH:MM:SS` in `zone`. */
export function formatWallClock(ms: number, zone: string): string {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallFormats.set(zone, format);
  }
  // sv-SE writes "2026-03-02 14:05:11", the shape Ringostat uses.
  return format.format(new Date(ms));
}

/** Epoch milliseconds → `2026-03-02T14:05:11+0200`, the call log's `calldate`. */
export function formatCallDate(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${formatWallClock(ms, zone).replace(' ', 'T')}${sign}${hhmm}`;
}
