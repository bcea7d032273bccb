/**
 * The call-history API takes `from` / `to` as wall-clock `YYYY-MM-DD HH:MM:SS` (HC uk/6312678,
 * ../../../../shared/notes/ringostat.md §4.1) with no offset, so they are written in the project's time
 * zone (RINGOSTAT_TIMEZONE, Europe/Kyiv by default). Parsing the other way reuses the webhook parser's
 * `parseCallDate`, so both directions agree on DST. (The Ringostat emulator has its own implementation,
 * so the two can disagree in a test.)
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Instant → `YYYY-MM-DD HH:MM:SS` in `timeZone` (seconds are truncated). */
export function formatProjectTime(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = value;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}
