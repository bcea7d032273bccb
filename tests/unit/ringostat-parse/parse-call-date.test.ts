import { isKnownTimeZone, parseCallDate } from '../../../webhook-receiver/src/ringostat/parse-call-date';

const KYIV = 'Europe/Kyiv';

describe('parseCallDate', () => {
  test.each([
    ['winter wall-clock time in Kyiv is UTC+2', '2026-03-02 14:05:11', '2026-03-02T12:05:11.000Z'],
    ['summer wall-clock time in Kyiv is UTC+3', '2026-07-01 12:00:00', '2026-07-01T09:00:00.000Z'],
    ['a T separator without offset is still project time', '2026-03-02T14:05:11', '2026-03-02T12:05:11.000Z'],
    ['a time without seconds', '2026-03-02 14:05', '2026-03-02T12:05:00.000Z'],
    ['day.month.year', '02.03.2026 14:05:11', '2026-03-02T12:05:11.000Z'],
    ['the last minute before DST starts (UTC+2)', '2026-03-29 02:59:59', '2026-03-29T00:59:59.000Z'],
    ['the first minute after DST starts (UTC+3)', '2026-03-29 04:00:00', '2026-03-29T01:00:00.000Z'],
    [
      'a time in the skipped hour moves forward by the gap',
      '2026-03-29 03:30:00',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'a time in the repeated hour resolves to the earlier instant',
      '2026-10-25 03:30:00',
      '2026-10-25T00:30:00.000Z',
    ],
    ['after the repeated hour it is UTC+2 again', '2026-10-25 04:30:00', '2026-10-25T02:30:00.000Z'],
    ['ISO 8601 with +0300 (the call-log export)', '2019-06-02T09:30:47+0300', '2019-06-02T06:30:47.000Z'],
    ['ISO 8601 with +03:00', '2019-06-02T09:30:47+03:00', '2019-06-02T06:30:47.000Z'],
    ['ISO 8601 with a negative offset', '2019-06-02T09:30:47-05:00', '2019-06-02T14:30:47.000Z'],
    ['ISO 8601 in UTC with fractions', '2019-06-02T09:30:47.250Z', '2019-06-02T09:30:47.250Z'],
    ['epoch seconds', '1772453111', '2026-03-02T12:05:11.000Z'],
    ['epoch milliseconds', '1772453111000', '2026-03-02T12:05:11.000Z'],
    ['epoch microseconds (call_timestamp)', '1640989006505487', '2021-12-31T22:16:46.505Z'],
  ])('%s', (_name, input, expected) => {
    expect(parseCallDate(input, KYIV)).toEqual({ ok: true, iso: expected });
  });

  test('a numeric epoch (JSON number) is read like its text', () => {
    expect(parseCallDate(1772453111, KYIV)).toEqual({ ok: true, iso: '2026-03-02T12:05:11.000Z' });
  });

  test('the configured zone decides offset-less dates', () => {
    expect(parseCallDate('2026-03-02 14:05:11', 'Europe/Warsaw')).toEqual({
      ok: true,
      iso: '2026-03-02T13:05:11.000Z',
    });
    expect(parseCallDate('2026-03-02 14:05:11', 'UTC')).toEqual({
      ok: true,
      iso: '2026-03-02T14:05:11.000Z',
    });
  });

  test.each(['yesterday', '2026-02-30 10:00:00', '2026-13-01 10:00:00', '2026-03-02 25:00:00', '12345'])(
    '"%s" is refused with a message naming the accepted shapes',
    (input) => {
      const result = parseCallDate(input, KYIV);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/YYYY-MM-DD HH:MM:SS/);
    },
  );

  test('isKnownTimeZone tells IANA zones from typos', () => {
    expect(isKnownTimeZone('Europe/Kyiv')).toBe(true);
    expect(isKnownTimeZone('Europe/Kiev')).toBe(true);
    expect(isKnownTimeZone('Europe/Kyyiv')).toBe(false);
  });
});
