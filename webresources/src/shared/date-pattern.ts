/**
 * .NET custom date and time format strings, the form the CRM hands them out in
 * userSettings.dateFormattingInfo (ShortDatePattern "dd.MM.yyyy", ShortTimePattern "h:mm tt", …):
 * https://learn.microsoft.com/dotnet/standard/base-types/custom-date-and-time-format-strings
 * Only the specifiers short patterns use are supported; anything else is copied as text.
 */
export interface DateParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export interface PatternNames {
  readonly amDesignator?: string;
  readonly pmDesignator?: string;
  readonly dateSeparator?: string;
  readonly timeSeparator?: string;
  readonly monthNames?: readonly string[];
  readonly abbreviatedMonthNames?: readonly string[];
}

const TOKEN = /('[^']*'|"[^"]*"|\\.|y+|M+|d+|H+|h+|m+|s+|t+|f+|z+|g+|[/:]|.)/g;
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

export function formatPattern(pattern: string, parts: DateParts, names: PatternNames = {}): string {
  let out = '';
  for (const token of pattern.match(TOKEN) ?? []) {
    const c = token[0] as string;
    const n = token.length;
    const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
    if (c === "'" || c === '"') out += token.slice(1, -1);
    else if (c === '\\') out += token.slice(1);
    else if (c === 'y') out += n === 2 ? pad(parts.year % 100, 2) : pad(parts.year, Math.max(n, 1));
    else if (c === 'M')
      out +=
        n >= 4
          ? (names.monthNames?.[parts.month - 1] ?? pad(parts.month, 2))
          : n === 3
            ? (names.abbreviatedMonthNames?.[parts.month - 1] ?? pad(parts.month, 2))
            : pad(parts.month, n);
    else if (c === 'd')
      out += n <= 2 ? pad(parts.day, n) : ''; // day names do not appear in short patterns
    else if (c === 'H') out += pad(parts.hour, Math.min(n, 2));
    else if (c === 'h') out += pad(hour12, Math.min(n, 2));
    else if (c === 'm') out += pad(parts.minute, Math.min(n, 2));
    else if (c === 's') out += pad(parts.second, Math.min(n, 2));
    else if (c === 't') {
      const designator = (parts.hour < 12 ? names.amDesignator : names.pmDesignator) ?? '';
      out += n === 1 ? designator.slice(0, 1) : designator;
    } else if (c === '/') out += names.dateSeparator ?? '/';
    else if (c === ':') out += names.timeSeparator ?? ':';
    else if (c === 'f' || c === 'z' || c === 'g') continue;
    else out += token;
  }
  return out.trim();
}

/** The order of year, month and day in a date pattern, e.g. "M/d/yyyy" → ['M', 'd', 'y']. */
export function fieldOrder(pattern: string): ('y' | 'M' | 'd')[] {
  const order: ('y' | 'M' | 'd')[] = [];
  for (const token of pattern.match(TOKEN) ?? []) {
    const c = token[0];
    if ((c === 'y' || c === 'M' || c === 'd') && !order.includes(c)) order.push(c);
  }
  return order.length === 3 ? order : ['d', 'M', 'y'];
}

/**
 * A typed date in the user's pattern ("02.03.2026", "3/2/2026") or ISO ("2026-03-02") → its calendar
 * day; null when it is not a real date. Two-digit years are 20xx.
 */
export function parseDay(text: string, pattern: string): { year: number; month: number; day: number } | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const numbers = iso
    ? [iso[1], iso[2], iso[3]].map(Number)
    : trimmed.split(/\D+/).filter(Boolean).map(Number);
  if (numbers.length !== 3) return null;
  const order = iso ? (['y', 'M', 'd'] as const) : fieldOrder(pattern);
  const value = (field: 'y' | 'M' | 'd'): number => numbers[order.indexOf(field)] ?? NaN;
  const year = value('y') < 100 ? 2000 + value('y') : value('y');
  const month = value('M');
  const day = value('d');
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2999 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return { year, month, day };
}
