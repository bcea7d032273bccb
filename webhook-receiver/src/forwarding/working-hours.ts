/**
 * `ringo_ForwardingHours`: when calls may go straight to the responsible manager. Empty means always.
 *
 *   mon-fri 09:00-18:00; sat 10:00-14:00        (also Ukrainian day names: пн-пт 09:00-18:00; сб 10:00-14:00)
 *   mon,wed,fri 08:30-17:00
 *
 * Entries are separated by `;` or new lines; days by `,`, ranges with `-` (a range may wrap: `fri-mon`);
 * times are local to RINGOSTAT_TIMEZONE, the end after the start (`24:00` ends the day). Pure: parse once
 * when the settings change, then `isOpen(hours, instant)` per request.
 */
export interface WorkingHours {
  /** The setting as written, for the admin view. */
  text: string;
  timeZone: string;
  /** Per weekday (0 = Sunday … 6 = Saturday): open intervals in minutes since local midnight. */
  days: Array<Array<[from: number, to: number]>>;
}

const DAY_NAMES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  нд: 0,
  пн: 1,
  вт: 2,
  ср: 3,
  чт: 4,
  пт: 5,
  сб: 6,
};
const ENTRY = /^(.+?)\s+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/;
const MAX_TEXT = 500;

export type HoursResult = { ok: true; hours: WorkingHours | undefined } | { ok: false; problem: string };

export function parseWorkingHours(text: string | undefined, timeZone: string): HoursResult {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { ok: true, hours: undefined };
  if (trimmed.length > MAX_TEXT) return { ok: false, problem: `is longer than ${MAX_TEXT} characters` };
  const days: WorkingHours['days'] = [[], [], [], [], [], [], []];
  for (const entry of trimmed.split(/[;\n]+/).map((e) => e.trim().toLowerCase())) {
    if (entry === '') continue;
    const match = ENTRY.exec(entry);
    if (!match)
      return { ok: false, problem: `"${entry}" is not "<days> HH:MM-HH:MM" (e.g. mon-fri 09:00-18:00)` };
    const [, dayText = '', h1 = '', m1 = '', h2 = '', m2 = ''] = match;
    const from = minutes(h1, m1);
    const to = minutes(h2, m2);
    if (from === undefined || to === undefined || to <= from) {
      return { ok: false, problem: `"${entry}": the times must be HH:MM with the end after the start` };
    }
    const listed = weekdays(dayText);
    if (!listed) {
      return {
        ok: false,
        problem: `"${entry}": days are mon…sun or пн…нд, as a list (mon,wed) or a range (mon-fri)`,
      };
    }
    for (const day of listed) days[day]?.push([from, to]);
  }
  return { ok: true, hours: { text: trimmed, timeZone, days } };
}

/** Whether `instant` falls in an open interval of its local weekday. */
export function isOpen(hours: WorkingHours, instant: Date): boolean {
  const { weekday, minute } = localTime(hours.timeZone, instant);
  return (hours.days[weekday] ?? []).some(([from, to]) => minute >= from && minute < to);
}

function minutes(hours: string, mins: string): number | undefined {
  const h = Number(hours);
  const m = Number(mins);
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return undefined;
  return h * 60 + m;
}

function weekdays(text: string): number[] | undefined {
  const result = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const [first, last, ...rest] = part.split(/\s*[-–]\s*/);
    const a = DAY_NAMES[first ?? ''];
    const b = last === undefined ? a : DAY_NAMES[last];
    if (a === undefined || b === undefined || rest.length > 0) return undefined;
    for (let d = a; ; d = (d + 1) % 7) {
      result.add(d);
      if (d === b) break;
    }
  }
  return [...result];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localTime(timeZone: string, instant: Date): { weekday: number; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}
