import { localeOf, type Language } from './crm-language';
import { formatPattern, parseDay, type DateParts, type PatternNames } from './date-pattern';

/**
 * Dates and numbers as the CRM shows them to this user, the same on every page (journal, player, form):
 * the user's date and time patterns and time zone from Xrm.Utility.getGlobalContext().userSettings
 * (dateFormattingInfo, getTimeZoneOffsetMinutes()):
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/usersettings
 *
 * The client API gives the zone only as today's offset. When it equals the browser's own offset the user
 * almost certainly sits in the CRM's zone, so the browser's zone rules apply (summer time right for every
 * date); otherwise the CRM offset is applied as a fixed one (docs/adr/0102).
 */
export interface UserFormat {
  readonly language: Language;
  /** The user's short date pattern (.NET form, e.g. "dd.MM.yyyy"), which typed dates are read with. */
  readonly datePattern: string;
  /** The same pattern as people write it in the user's language: "ДД.ММ.РРРР", "M/D/YYYY". */
  readonly dateHint: string;
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  number(value: number): string;
  /** A typed day in the user's pattern → the UTC instant its midnight is in the user's zone. */
  dayStart(text: string, dayAfter?: boolean): string | null;
}

/** What the pages read of userSettings; the preview's Xrm stand-in and tests supply the same. */
export interface UserSettingsLike {
  readonly dateFormattingInfo?: Partial<Xrm.DateFormattingInfo> | null;
  getTimeZoneOffsetMinutes?(): number;
}

/** Patterns of the CRM's default formats for each language, used when the CRM gives none. */
const FALLBACK: Readonly<Record<Language, { date: string; time: string }>> = {
  uk: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  ru: { date: 'dd.MM.yyyy', time: 'H:mm' },
  en: { date: 'M/d/yyyy', time: 'h:mm tt' },
};

/** Letters people use for day, month and year when they write a date format, per language. */
const HINT_LETTERS: Readonly<Record<Language, Readonly<Record<'d' | 'M' | 'y', string>>>> = {
  uk: { d: 'Д', M: 'М', y: 'Р' },
  ru: { d: 'Д', M: 'М', y: 'Г' },
  en: { d: 'D', M: 'M', y: 'Y' },
};

export function dateHintOf(pattern: string, language: Language): string {
  const letters = HINT_LETTERS[language];
  return pattern.replace(/'[^']*'/g, '').replace(/[dMy]/g, (c) => letters[c as 'd' | 'M' | 'y']);
}

/** The CRM's offset; a client that cannot say (an old host, a test double) leaves the browser's in force. */
function readOffset(settings: UserSettingsLike): number | null {
  try {
    const offset = settings.getTimeZoneOffsetMinutes?.();
    return typeof offset === 'number' && Number.isFinite(offset) ? offset : null;
  } catch {
    return null;
  }
}

const ISO_SECONDS = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createUserFormat(
  settings: UserSettingsLike,
  language: Language,
  browserOffset: (at: Date) => number = (at) => -at.getTimezoneOffset(),
): UserFormat {
  const info = settings.dateFormattingInfo ?? {};
  const datePattern = info.ShortDatePattern || FALLBACK[language].date;
  const timePattern = info.ShortTimePattern || FALLBACK[language].time;
  const names: PatternNames = {
    amDesignator: info.AmDesignator ?? 'AM',
    pmDesignator: info.PmDesignator ?? 'PM',
    ...(info.DateSeparator ? { dateSeparator: info.DateSeparator } : {}),
    ...(info.TimeSeparator ? { timeSeparator: info.TimeSeparator } : {}),
    ...(info.MonthNames ? { monthNames: info.MonthNames } : {}),
    ...(info.AbbreviatedMonthNames ? { abbreviatedMonthNames: info.AbbreviatedMonthNames } : {}),
  };
  const now = new Date();
  const crmOffset = readOffset(settings) ?? browserOffset(now);
  const sameZone = crmOffset === browserOffset(now);
  const offsetAt = (at: Date): number => (sameZone ? browserOffset(at) : crmOffset);
  const numbers = new Intl.NumberFormat(localeOf(language));

  const parts = (iso: string | null | undefined): DateParts | null => {
    if (!iso) return null;
    const time = Date.parse(iso);
    if (Number.isNaN(time)) return null;
    const local = new Date(time + offsetAt(new Date(time)) * 60_000);
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
    };
  };

  return {
    language,
    datePattern,
    dateHint: dateHintOf(datePattern, language),
    dateTime(iso) {
      const p = parts(iso);
      return p ? `${formatPattern(datePattern, p, names)} ${formatPattern(timePattern, p, names)}` : '';
    },
    date(iso) {
      const p = parts(iso);
      return p ? formatPattern(datePattern, p, names) : '';
    },
    number: (value) => numbers.format(value),
    dayStart(text, dayAfter = false) {
      const day = parseDay(text, datePattern);
      if (!day) return null;
      const midnightUtc = Date.UTC(day.year, day.month - 1, day.day + (dayAfter ? 1 : 0));
      // The offset in force at that local midnight (a guess first, then corrected once across a DST change).
      let instant = midnightUtc - offsetAt(new Date(midnightUtc)) * 60_000;
      instant = midnightUtc - offsetAt(new Date(instant)) * 60_000;
      return ISO_SECONDS(instant);
    },
  };
}
