import {
  isOpen,
  parseWorkingHours,
  type WorkingHours,
} from '../../../webhook-receiver/src/forwarding/working-hours';

const KYIV = 'Europe/Kyiv';

function hours(text: string, timeZone = KYIV): WorkingHours {
  const parsed = parseWorkingHours(text, timeZone);
  if (!parsed.ok || !parsed.hours) throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  return parsed.hours;
}

describe('working hours (ringo_ForwardingHours)', () => {
  it('an empty setting means at any time', () => {
    expect(parseWorkingHours('  ', KYIV)).toEqual({ ok: true, hours: undefined });
    expect(parseWorkingHours(undefined, KYIV)).toEqual({ ok: true, hours: undefined });
  });

  it('is open on a weekday inside the hours, local to the Ringostat time zone', () => {
    const office = hours('mon-fri 09:00-18:00; sat 10:00-14:00');
    // Monday 2 March 2026: 09:00 in Kyiv is 07:00 UTC (winter time, UTC+2).
    expect(isOpen(office, new Date('2026-03-02T06:59:00Z'))).toBe(false);
    expect(isOpen(office, new Date('2026-03-02T07:00:00Z'))).toBe(true);
    expect(isOpen(office, new Date('2026-03-02T15:59:00Z'))).toBe(true);
    expect(isOpen(office, new Date('2026-03-02T16:00:00Z'))).toBe(false);
    // Saturday 7 March 10:00–14:00 Kyiv; Sunday closed.
    expect(isOpen(office, new Date('2026-03-07T08:30:00Z'))).toBe(true);
    expect(isOpen(office, new Date('2026-03-07T12:00:00Z'))).toBe(false);
    expect(isOpen(office, new Date('2026-03-08T09:00:00Z'))).toBe(false);
  });

  it('follows summer time in the configured zone', () => {
    const office = hours('mon-fri 09:00-18:00');
    // Monday 6 July 2026: Kyiv is UTC+3, so 09:00 local is 06:00 UTC.
    expect(isOpen(office, new Date('2026-07-06T05:59:00Z'))).toBe(false);
    expect(isOpen(office, new Date('2026-07-06T06:00:00Z'))).toBe(true);
  });

  it('reads Ukrainian day names, day lists and ranges that wrap past Sunday', () => {
    const shifts = hours('пн,ср 08:30-12:00\nfri-mon 20:00-24:00');
    expect(shifts.days[1]).toEqual([
      [510, 720],
      [1200, 1440],
    ]);
    expect(shifts.days[3]).toEqual([[510, 720]]);
    expect(shifts.days[2]).toEqual([]);
    expect(shifts.days[6]).toEqual([[1200, 1440]]);
    expect(shifts.days[0]).toEqual([[1200, 1440]]);
  });

  it.each([
    ['mon-fri 9-18', 'HH:MM'],
    ['weekdays 09:00-18:00', 'days are'],
    ['mon 18:00-09:00', 'end after the start'],
    ['mon 09:00-24:30', 'end after the start'],
    ['mon 09:61-10:00', 'end after the start'],
    ['mon-tue-wed 09:00-10:00', 'days are'],
  ])('refuses "%s" and says why', (text, why) => {
    const parsed = parseWorkingHours(text, KYIV);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(why);
  });
});
