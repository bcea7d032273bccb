import { parseArgs } from 'node:util';
import { parseCallDate } from '../ringostat/parse-call-date';

/**
 * Command line of `npm run ringostat:backfill -- --from "2026-01-01 00:00:00" --to "2026-01-31 23:59:59"`.
 * Dates are wall-clock time in the project's zone (RINGOSTAT_TIMEZONE), as Ringostat shows them;
 * `--to` defaults to now. `--window-hours` sets the first window (default 24; it halves on its own
 * whenever Ringostat's 6,500-call limit is hit). Pure: `now` comes in.
 */

export interface BackfillArgs {
  from: Date;
  to: Date;
  windowMs: number;
}

export const BACKFILL_USAGE =
  'usage: npm run ringostat:backfill -- --from "YYYY-MM-DD HH:MM:SS" [--to "YYYY-MM-DD HH:MM:SS"] [--window-hours 24]';

export function parseBackfillArgs(argv: string[], options: { timeZone: string; now: Date }): BackfillArgs {
  const { values } = parseArgs({
    // `npm run x -- --from …` passes the flags; a `--` left in by a direct call is not an argument.
    args: argv.filter((a) => a !== '--'),
    options: { from: { type: 'string' }, to: { type: 'string' }, 'window-hours': { type: 'string' } },
    strict: true,
  });
  if (!values.from) throw new TypeError(`--from is required\n${BACKFILL_USAGE}`);
  const from = readDate('--from', values.from, options.timeZone);
  const to = values.to ? readDate('--to', values.to, options.timeZone) : options.now;
  if (to.getTime() < from.getTime())
    throw new TypeError(`--to (${values.to}) is before --from (${values.from})`);
  const hours = Number(values['window-hours'] ?? 24);
  if (!Number.isFinite(hours) || hours <= 0) {
    throw new TypeError(`--window-hours must be a positive number, got "${values['window-hours']}"`);
  }
  return { from, to, windowMs: Math.round(hours * 3_600_000) };
}

function readDate(flag: string, text: string, timeZone: string): Date {
  const parsed = parseCallDate(text, timeZone);
  if (!parsed.ok)
    throw new TypeError(`${flag} "${text}" is not a date: write "YYYY-MM-DD HH:MM:SS"\n${BACKFILL_USAGE}`);
  return new Date(parsed.iso);
}
