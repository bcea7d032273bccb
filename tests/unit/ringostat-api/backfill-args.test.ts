import { parseBackfillArgs } from '../../../webhook-receiver/src/ringostat-api/backfill-args';
import { formatProjectTime } from '../../../webhook-receiver/src/ringostat-api/project-time';

const now = new Date('2026-03-02T12:00:00Z');
const opts = { timeZone: 'Europe/Kyiv', now };

describe('backfill command line', () => {
  it('reads --from/--to as wall-clock time in the project zone and defaults --to to now', () => {
    expect(
      parseBackfillArgs(['--', '--from', '2026-01-01 00:00:00', '--to', '2026-07-01 00:00:00'], opts),
    ).toEqual({
      from: new Date('2025-12-31T22:00:00Z'), // winter: UTC+2
      to: new Date('2026-06-30T21:00:00Z'), // summer: UTC+3
      windowMs: 86_400_000,
    });
    expect(parseBackfillArgs(['--from', '2026-03-01 00:00:00', '--window-hours', '6'], opts)).toMatchObject({
      to: now,
      windowMs: 6 * 3_600_000,
    });
  });

  it('explains what is wrong with bad arguments', () => {
    expect(() => parseBackfillArgs([], opts)).toThrow('--from is required');
    expect(() => parseBackfillArgs(['--from', 'yesterday'], opts)).toThrow('write "YYYY-MM-DD HH:MM:SS"');
    expect(() =>
      parseBackfillArgs(['--from', '2026-03-02 00:00:00', '--to', '2026-03-01 00:00:00'], opts),
    ).toThrow('is before --from');
    expect(() => parseBackfillArgs(['--from', '2026-03-01 00:00:00', '--window-hours', '0'], opts)).toThrow(
      'positive number',
    );
    expect(() => parseBackfillArgs(['--from', '2026-03-01 00:00:00', '--since', 'x'], opts)).toThrow(
      /Unknown option/,
    );
  });
});

describe('project time for /calls/list', () => {
  it('writes instants as Kyiv wall-clock time across the DST change', () => {
    expect(formatProjectTime(new Date('2026-03-28T23:30:00Z'), 'Europe/Kyiv')).toBe('2026-03-29 01:30:00');
    expect(formatProjectTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Kyiv')).toBe('2026-03-29 04:30:00');
  });
});
