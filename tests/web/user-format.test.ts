import { fieldOrder, formatPattern, parseDay } from '../../webresources/src/shared/date-pattern';
import { createUserFormat } from '../../webresources/src/shared/user-format';

/** Offsets of Europe/Kyiv: +2 h until the last Sunday of March, +3 h after (summer time). */
const kyiv = (at: Date): number => (at.getTime() >= Date.UTC(2026, 2, 29, 1) ? 180 : 120);
const utcBrowser = (): number => 0;

describe('dates in the CRM user’s format and time zone', () => {
  it('uses the user’s short date and time patterns from userSettings.dateFormattingInfo', () => {
    const american = createUserFormat(
      {
        dateFormattingInfo: {
          ShortDatePattern: 'M/d/yyyy',
          ShortTimePattern: 'h:mm tt',
          AmDesignator: 'AM',
          PmDesignator: 'PM',
        },
        getTimeZoneOffsetMinutes: () => -300,
      },
      'en',
      utcBrowser,
    );
    expect(american.dateTime('2026-03-02T14:05:11Z')).toBe('3/2/2026 9:05 AM');
    expect(american.date('2026-03-02T03:00:00Z')).toBe('3/1/2026');
    expect(american.dateHint).toBe('M/D/YYYY');
  });

  it('applies the CRM user’s zone, not the browser’s, when the two differ (fixed offset)', () => {
    const tokyo = createUserFormat(
      {
        dateFormattingInfo: { ShortDatePattern: 'dd.MM.yyyy', ShortTimePattern: 'HH:mm' },
        getTimeZoneOffsetMinutes: () => 540,
      },
      'uk',
      utcBrowser,
    );
    expect(tokyo.dateTime('2026-03-02T16:05:00Z')).toBe('03.03.2026 01:05');
    expect(tokyo.dayStart('03.03.2026')).toBe('2026-03-02T15:00:00Z');
    expect(tokyo.dayStart('03.03.2026', true)).toBe('2026-03-03T15:00:00Z');
  });

  it('follows summer time when the user sits in the CRM’s zone (the browser’s rules apply to each date)', () => {
    const format = createUserFormat(
      {
        dateFormattingInfo: { ShortDatePattern: 'dd.MM.yyyy', ShortTimePattern: 'HH:mm' },
        getTimeZoneOffsetMinutes: () => kyiv(new Date()),
      },
      'uk',
      kyiv,
    );
    expect(format.dateTime('2026-03-02T12:00:00Z')).toBe('02.03.2026 14:00');
    expect(format.dateTime('2026-07-02T12:00:00Z')).toBe('02.07.2026 15:00');
    expect(format.dayStart('02.07.2026')).toBe('2026-07-01T21:00:00Z');
  });

  it('falls back to the language’s CRM default when the CRM gives no pattern, and to the browser zone when it cannot say', () => {
    const format = createUserFormat(
      {
        getTimeZoneOffsetMinutes: () => {
          throw new Error('Not implemented');
        },
      },
      'ru',
      utcBrowser,
    );
    expect(format.dateTime('2026-03-02T08:05:00Z')).toBe('02.03.2026 8:05');
    expect(format.dateHint).toBe('ДД.ММ.ГГГГ');
  });

  it('reads typed dates in the user’s order, or ISO, and refuses impossible ones', () => {
    expect(parseDay('3/2/2026', 'M/d/yyyy')).toEqual({ year: 2026, month: 3, day: 2 });
    expect(parseDay('02.03.26', 'dd.MM.yyyy')).toEqual({ year: 2026, month: 3, day: 2 });
    expect(parseDay('2026-03-02', 'dd.MM.yyyy')).toEqual({ year: 2026, month: 3, day: 2 });
    expect(parseDay('31.02.2026', 'dd.MM.yyyy')).toBeNull();
    expect(parseDay('2/31/2026', 'M/d/yyyy')).toBeNull();
    expect(parseDay('yesterday', 'M/d/yyyy')).toBeNull();
    expect(fieldOrder("yyyy'-'MM'-'dd")).toEqual(['y', 'M', 'd']);
  });

  it('formats .NET patterns with literals, separators and month names', () => {
    const parts = { year: 2026, month: 3, day: 2, hour: 0, minute: 7, second: 9 };
    expect(
      formatPattern("d MMM yyyy 'р.' H:mm:ss", parts, { abbreviatedMonthNames: ['січ', 'лют', 'бер'] }),
    ).toBe('2 бер 2026 р. 0:07:09');
    expect(
      formatPattern('dd/MM/yy hh:mm tt', parts, {
        dateSeparator: '.',
        amDesignator: 'AM',
        pmDesignator: 'PM',
      }),
    ).toBe('02.03.26 12:07 AM');
  });

  it('writes counts in the user’s language', () => {
    expect(createUserFormat({}, 'uk').number(50000)).toMatch(/^50\s000$/);
    expect(createUserFormat({}, 'en').number(50000)).toBe('50,000');
  });
});
