import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createFollowups, type FollowupResult } from '../../../webhook-receiver/src/forwarding/followups';
import {
  createForwardingStore,
  type ForwardingStore,
} from '../../../webhook-receiver/src/forwarding/forwarding-store';
import { createInboxLearner } from '../../../webhook-receiver/src/forwarding/inbox-learner';
import { observeExtension } from '../../../webhook-receiver/src/forwarding/observe-extension';
import { localOwnerExtensions, localUsers } from '../../../webhook-receiver/src/forwarding/owner-extensions';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import { beforeCall, incomingAnswered, incomingMissed, outgoingAnswered } from '../domain/ringostat-events';

const OLENA = 'aaaaaaaa-0000-4000-8000-000000000001';

function withoutEmployee(event: RingostatEvent): RingostatEvent {
  const { employeeNumber: _dropped, ...rest } = event;
  return rest;
}

describe('what a logged call says about an extension', () => {
  it('an answered incoming call: connected_with of the employee who answered', () => {
    expect(observeExtension(incomingAnswered({ connectedWith: 'company_manager1' }))).toEqual({
      staffId: '111111',
      destination: 'company_manager1',
      source: 'connected_with',
      seenAt: '2026-03-02T12:05:11.000Z',
    });
  });

  it('an outgoing call from a SIP phone: the login in "Name" <login>', () => {
    const event = outgoingAnswered({ caller: 'company_manager1', callerName: 'Іван Петренко' });
    expect(observeExtension(event)).toMatchObject({
      destination: 'company_manager1',
      source: 'outgoing_sip',
    });
  });

  it.each<[string, RingostatEvent]>([
    ['a missed call', incomingMissed({ employeeNumber: '111111', connectedWith: '380671112233' })],
    ['an answered call without connected_with', incomingAnswered()],
    ['an outgoing call whose caller is the company line', outgoingAnswered({ caller: '380441112233' })],
    ['a before-call event', beforeCall({ employeeNumber: '111111', connectedWith: 'x_sip' })],
    ['a call without an employee', withoutEmployee(incomingAnswered({ connectedWith: 'x_sip' }))],
    ['a connected_with that is no destination', incomingAnswered({ connectedWith: 'sip:a b' })],
  ])('learns nothing from %s', (_name, event) => {
    expect(observeExtension(event)).toBeUndefined();
  });
});

describe('the forwarding store and the inbox learner', () => {
  let dir: string;
  let inbox: SqliteInbox;
  let store: ForwardingStore;
  const results: FollowupResult[] = [];
  const clock = { now: () => new Date('2026-03-02T12:30:00Z') };
  const raw = { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '' };
  const accept = (payload: RingostatEvent) => inbox.accept({ payload, raw, receivedAt: clock.now() });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forwarding-store-'));
    inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
    store = createForwardingStore(join(dir, 'forwarding.sqlite'));
    results.length = 0;
  });
  afterEach(() => {
    inbox.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function learner() {
    const followups = createFollowups((r) => results.push(r));
    return { followups, learner: createInboxLearner({ inbox, store, followups, clock }) };
  }

  it('learns extensions from accepted webhooks; what a call was connected to beats a SIP login', async () => {
    accept(outgoingAnswered({ callId: 'o1', caller: 'ivan_sip', callerName: 'Іван' }));
    accept(incomingAnswered({ callId: 'i1', connectedWith: '380671110000' }));
    accept(
      outgoingAnswered({
        callId: 'o2',
        caller: 'ivan_sip2',
        callerName: 'Іван',
        callDate: '2026-03-02T12:10:00.000Z',
      }),
    );
    const { learner: reader } = learner();
    await reader.lookOnce();
    expect(store.learned('111111')).toMatchObject({ destination: '380671110000', source: 'connected_with' });
    expect(store.state('scanCursor')).toBe('3');
  });

  it('reads each webhook once, and only the ones that arrived since the last look', async () => {
    const { learner: reader } = learner();
    accept(incomingAnswered({ callId: 'i1', connectedWith: 'first_sip' }));
    await reader.lookOnce();
    accept(
      incomingAnswered({ callId: 'i2', connectedWith: 'second_sip', callDate: '2026-03-02T13:00:00.000Z' }),
    );
    await reader.lookOnce();
    expect(store.learned('111111')?.destination).toBe('second_sip');
    expect(await reader.lookOnce()).toBe(0);
  });

  it('pages through more webhooks than one page of the inbox holds', async () => {
    for (let i = 0; i < 520; i++) {
      accept(
        incomingAnswered({ callId: `i${i}`, employeeNumber: String(500_000 + i), connectedWith: `sip_${i}` }),
      );
    }
    const { learner: reader } = learner();
    expect(await reader.lookOnce()).toBe(520);
    expect(store.learned('500000')?.destination).toBe('sip_0');
    expect(store.learned('500519')?.destination).toBe('sip_519');
  });

  it('keeps what it learned, the users and the settings values across a restart', async () => {
    accept(incomingAnswered({ callId: 'i1', connectedWith: 'olena_sip' }));
    await learner().learner.lookOnce();
    store.replaceUsers(
      [{ systemuserid: OLENA.toUpperCase(), staffId: '111111', disabled: false }],
      '2026-03-02T12:00:00Z',
    );
    store.setState('dataverseValues', '{"ringo_ForwardingEnabled":"on"}');
    store.close();
    store = createForwardingStore(join(dir, 'forwarding.sqlite'));
    const extensions = localOwnerExtensions(store, () => ({}));
    expect(extensions.extensionForUser(OLENA)).toBe('olena_sip');
    expect(localUsers(store).stateOf(OLENA)).toBe('enabled');
    expect(localUsers(store).loaded()).toBe(true);
    expect(store.state('dataverseValues')).toBe('{"ringo_ForwardingEnabled":"on"}');
  });

  it('an extension typed by the admin wins over a learned one', async () => {
    accept(incomingAnswered({ callId: 'i1', connectedWith: 'olena_sip' }));
    await learner().learner.lookOnce();
    store.replaceUsers([{ systemuserid: OLENA, staffId: '111111', disabled: false }], '2026-03-02T12:00:00Z');
    expect(localOwnerExtensions(store, () => ({ '111111': 'typed_sip' })).extensionForUser(OLENA)).toBe(
      'typed_sip',
    );
    expect(localOwnerExtensions(store, () => ({})).extensionForUser('someone-else')).toBeUndefined();
  });

  it('tells whether a redirected call reached the manager, someone else, or nobody', async () => {
    const { followups, learner: reader } = learner();
    followups.expect('reached', '111111', clock.now());
    followups.expect('other', '111111', clock.now());
    followups.expect('missed', '111111', clock.now());
    accept(incomingAnswered({ callId: 'reached' }));
    accept(incomingAnswered({ callId: 'other', employeeNumber: '222222' }));
    accept(incomingMissed({ callId: 'missed' }));
    accept(incomingAnswered({ callId: 'never-redirected' }));
    await reader.lookOnce();
    expect(results).toEqual(['reached', 'answered_by_other', 'missed']);
    expect(followups.counts()).toEqual({ reached: 1, answered_by_other: 1, missed: 1, waiting: 0 });
  });
});
