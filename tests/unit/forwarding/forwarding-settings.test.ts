import { maskDestination, toDestination } from '../../../webhook-receiver/src/forwarding/destination';
import { resolveForwardingSettings } from '../../../webhook-receiver/src/forwarding/forwarding-settings';

const OWNER = '0a1b2c3d-0000-4000-8000-00000000000a';
const APP_USER = '0a1b2c3d-0000-4000-8000-0000000000ff';
const base = { timeZone: 'Europe/Kyiv', applicationUserId: APP_USER };

describe('forwarding settings (ringo_Forwarding*)', () => {
  it('is off by default, redirects shared numbers only to a common owner, and knows no typed extensions', () => {
    const resolved = resolveForwardingSettings({ ...base, dataverse: {}, overrides: {} });
    expect(resolved).toEqual({
      ok: true,
      settings: { enabled: false, ambiguous: 'same-owner', extensions: {}, defaultOwnerId: APP_USER },
      sources: {
        ringo_ForwardingEnabled: 'default',
        ringo_ForwardingHours: 'default',
        ringo_ForwardingAmbiguous: 'default',
        ringo_ForwardingExtensions: 'default',
      },
    });
  });

  it('reads Dataverse values, and a RINGO_* override wins over them', () => {
    const resolved = resolveForwardingSettings({
      ...base,
      dataverse: {
        ringo_ForwardingEnabled: 'off',
        ringo_ForwardingAmbiguous: 'first',
        ringo_ForwardingHours: 'mon-fri 09:00-18:00',
        ringo_ForwardingExtensions: '111111=company_manager1; 222222 = +380 67 111 22 33\n333333=ivan@sip',
        ringo_DefaultOwnerId: `{${OWNER.toUpperCase()}}`,
      },
      overrides: { ringo_ForwardingEnabled: 'on' },
    });
    if (!resolved.ok) throw new Error(resolved.problems.join('\n'));
    expect(resolved.settings).toMatchObject({
      enabled: true,
      ambiguous: 'first',
      extensions: { '111111': 'company_manager1', '222222': '380671112233', '333333': 'ivan@sip' },
      defaultOwnerId: OWNER,
    });
    expect(resolved.settings.hours?.text).toBe('mon-fri 09:00-18:00');
    expect(resolved.sources.ringo_ForwardingEnabled).toBe('override');
    expect(resolved.sources.ringo_ForwardingHours).toBe('dataverse');
  });

  it('names every invalid value at once', () => {
    const resolved = resolveForwardingSettings({
      ...base,
      dataverse: {
        ringo_ForwardingEnabled: 'maybe',
        ringo_ForwardingAmbiguous: 'random',
        ringo_ForwardingHours: 'always',
        ringo_ForwardingExtensions: '111111=company manager; 222222; =380671112233',
      },
      overrides: {},
    });
    expect(resolved.ok).toBe(false);
    const problems = resolved.ok ? [] : resolved.problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/ringo_ForwardingEnabled must be on or off, got "maybe"/);
    expect(problems.join('\n')).toMatch(
      /ringo_ForwardingAmbiguous must be one of no-redirect, same-owner, first/,
    );
    expect(problems.join('\n')).toMatch(/ringo_ForwardingHours "always"/);
    expect(problems.filter((p) => p.startsWith('ringo_ForwardingExtensions'))).toHaveLength(3);
  });
});

describe('a forwarding destination', () => {
  it.each([
    ['380671112233', '380671112233'],
    ['+380 (67) 111-22-33', '380671112233'],
    [380671112233, '380671112233'],
    ['company_manager1', 'company_manager1'],
    ['ivan.petrenko@sip.example', 'ivan.petrenko@sip.example'],
    ['101', '101'],
  ])('accepts %p as %p', (raw, expected) => {
    expect(toDestination(raw)).toBe(expected);
  });

  it.each<[unknown]>([
    [''],
    ['company manager'],
    ['"Іван" <x>'],
    ['a;rm -rf'],
    ['http://evil'],
    ['1'],
    ['x'.repeat(65)],
    [{}],
    [null],
  ])('refuses %p', (raw) => {
    expect(toDestination(raw)).toBeUndefined();
  });
});

describe('a destination in logs and the recent-answers view', () => {
  it('masks a number like any phone number and shows a SIP login as it is', () => {
    expect(maskDestination('380671110044')).toBe('380*****0044');
    expect(maskDestination('company_manager1')).toBe('company_manager1');
  });
});
