import type { ContactCandidate } from '../../../webhook-receiver/src/domain/contact-directory';
import { chooseOwner } from '../../../webhook-receiver/src/forwarding/choose-owner';
import {
  decideForwarding,
  type ForwardingPorts,
} from '../../../webhook-receiver/src/forwarding/decide-forwarding';
import {
  DEFAULT_FORWARDING,
  type ForwardingSettings,
} from '../../../webhook-receiver/src/forwarding/forwarding-settings';
import type { UserState } from '../../../webhook-receiver/src/forwarding/owner-extensions';
import { parseWorkingHours } from '../../../webhook-receiver/src/forwarding/working-hours';

const OLENA = 'aaaaaaaa-0000-4000-8000-000000000001';
const PETRO = 'aaaaaaaa-0000-4000-8000-000000000002';
const DEFAULT_OWNER = 'aaaaaaaa-0000-4000-8000-0000000000ff';
const TEAM = 'bbbbbbbb-0000-4000-8000-000000000001';
const CALLER = '+380671112233';

const contact = (
  id: string,
  owner: string | undefined,
  extra: Partial<ContactCandidate> = {},
): ContactCandidate => ({
  contactid: id,
  statecode: 0,
  modifiedon: '2026-03-01T10:00:00Z',
  ...(owner ? { ownerid: owner, ownerType: 'systemuser' as const } : {}),
  ...extra,
});

describe('who is the responsible manager', () => {
  it('a number nobody holds is a new client', () => {
    expect(chooseOwner([], 'same-owner', DEFAULT_OWNER)).toEqual({ kind: 'new' });
  });

  it('one contact: its owner', () => {
    expect(chooseOwner([contact('c1', OLENA)], 'no-redirect', DEFAULT_OWNER)).toEqual({
      kind: 'owner',
      ownerid: OLENA,
      contactid: 'c1',
    });
  });

  it('two contacts of one owner: that owner under same-owner and first, nobody under no-redirect', () => {
    const both = [contact('c1', OLENA), contact('c2', OLENA.toUpperCase())];
    expect(chooseOwner(both, 'same-owner', DEFAULT_OWNER)).toMatchObject({ kind: 'owner', ownerid: OLENA });
    expect(chooseOwner(both, 'first', DEFAULT_OWNER)).toMatchObject({ kind: 'owner', ownerid: OLENA });
    expect(chooseOwner(both, 'no-redirect', DEFAULT_OWNER)).toEqual({ kind: 'ambiguous' });
  });

  it('two contacts of different owners: ambiguous, unless the rule is first (the newest active contact)', () => {
    const two = [contact('c1', OLENA), contact('c2', PETRO, { modifiedon: '2026-03-02T10:00:00Z' })];
    expect(chooseOwner(two, 'same-owner', DEFAULT_OWNER)).toEqual({ kind: 'ambiguous' });
    expect(chooseOwner(two, 'first', DEFAULT_OWNER)).toEqual({
      kind: 'owner',
      ownerid: PETRO,
      contactid: 'c2',
    });
  });

  it('an inactive duplicate does not make a number ambiguous', () => {
    const withOld = [contact('c1', OLENA), contact('c2', PETRO, { statecode: 1 })];
    expect(chooseOwner(withOld, 'no-redirect', DEFAULT_OWNER)).toMatchObject({
      kind: 'owner',
      ownerid: OLENA,
    });
  });

  it('a contact of the default owner, or of nobody, is unowned; a team-owned contact goes to no team', () => {
    expect(chooseOwner([contact('c1', DEFAULT_OWNER)], 'first', DEFAULT_OWNER)).toEqual({
      kind: 'unowned',
      contactid: 'c1',
    });
    expect(chooseOwner([contact('c1', undefined)], 'first', DEFAULT_OWNER)).toMatchObject({
      kind: 'unowned',
    });
    expect(
      chooseOwner([contact('c1', undefined, { ownerid: TEAM, ownerType: 'team' })], 'first', DEFAULT_OWNER),
    ).toEqual({ kind: 'team', contactid: 'c1' });
  });
});

describe('deciding a forwarding answer', () => {
  type Change = Partial<Omit<ForwardingPorts, 'settings'>> & { settings?: Partial<ForwardingSettings> };
  function ports(overrides: Change = {}): ForwardingPorts {
    const settings: ForwardingSettings = {
      ...DEFAULT_FORWARDING,
      enabled: true,
      defaultOwnerId: DEFAULT_OWNER,
      ...overrides.settings,
    };
    const states: Record<string, UserState> = { [OLENA]: 'enabled', [PETRO]: 'disabled' };
    const base: ForwardingPorts = {
      settings: () => settings,
      contacts: (e164) => (e164 === CALLER ? [contact('c1', OLENA)] : []),
      users: { loaded: () => true, stateOf: (id) => states[id] ?? 'unknown' },
      extensions: { extensionForUser: (id) => (id === OLENA ? 'olena_sip' : undefined) },
      defaultCountry: 'UA',
    };
    const { settings: _ignored, ...rest } = overrides;
    return { ...base, ...rest };
  }
  const at = new Date('2026-03-02T10:00:00Z'); // Monday, 12:00 in Kyiv

  it("redirects a known client to the owner's extension, from any spelling of the number", async () => {
    for (const caller of ['380671112233', '+380671112233', '0671112233']) {
      expect(await decideForwarding({ caller }, ports(), at)).toEqual({
        kind: 'redirect',
        destination: 'olena_sip',
        caller: CALLER,
        contactid: 'c1',
        ownerid: OLENA,
      });
    }
  });

  it.each([
    ['off', { settings: { enabled: false } }, '380671112233'],
    ['no_caller', {}, 'anonymous'],
    ['no_caller', {}, undefined],
    ['new', {}, '380501234567'],
    ['not_ready', { contacts: (): undefined => undefined }, '380671112233'],
    ['not_ready', { users: { loaded: () => false, stateOf: () => 'enabled' as const } }, '380671112233'],
    ['disabled_user', { contacts: () => [contact('c9', PETRO)] }, '380671112233'],
    ['no_extension', { extensions: { extensionForUser: () => undefined } }, '380671112233'],
  ] as Array<[string, Change, string | undefined]>)(
    'answers %s when that is the case',
    async (kind, change, caller) => {
      const decision = await decideForwarding(caller === undefined ? {} : { caller }, ports(change), at);
      expect(decision.kind).toBe(kind);
      expect(decision.destination).toBeUndefined();
    },
  );

  it('outside the working hours, no redirect; inside them, the owner', async () => {
    const parsed = parseWorkingHours('mon-fri 09:00-18:00', 'Europe/Kyiv');
    const hours = parsed.ok ? parsed.hours : undefined;
    const office = ports({ settings: { ...(hours ? { hours } : {}) } });
    expect((await decideForwarding({ caller: CALLER }, office, at)).kind).toBe('redirect');
    const saturday = new Date('2026-03-07T10:00:00Z');
    expect((await decideForwarding({ caller: CALLER }, office, saturday)).kind).toBe('outside_hours');
  });

  it('waits for an extension source that answers asynchronously', async () => {
    const slow = ports({
      extensions: { extensionForUser: () => new Promise((r) => setTimeout(() => r('later_sip'), 5)) },
    });
    expect(await decideForwarding({ caller: CALLER }, slow, at)).toMatchObject({ destination: 'later_sip' });
  });
});
