import { toCallEvent } from '../../../webhook-receiver/src/domain/call-event';
import type { KeyMode } from '../../../webhook-receiver/src/domain/call-gateway';
import type { ContactCandidate } from '../../../webhook-receiver/src/domain/contact-directory';
import { planCall } from '../../../webhook-receiver/src/domain/plan-call';
import { createKeyModeProbe } from '../../../webhook-receiver/src/dataverse/key-mode-probe';
import { createWebApiGateway } from '../../../webhook-receiver/src/dataverse/web-api-gateway';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import { beforeCall, incomingAnswered, incomingMissed } from '../domain/ringostat-events';
import { startFixture, type GatewayFixture } from './gateway-fixture';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

function setup(fixture: () => GatewayFixture, mode: KeyMode) {
  return (event: RingostatEvent, contacts: ContactCandidate[] = []) => {
    const f = fixture();
    const gateway = createWebApiGateway({ client: f.client, keyMode: () => mode });
    const plan = planCall(toCallEvent(event, f.settings), {
      contacts,
      employeeUserId: f.ivan,
      settings: f.settings,
    });
    return gateway.apply(plan);
  };
}

const callsWithId = (f: GatewayFixture, callId: string) =>
  f.org.emulator.rows('phonecall').filter((row) => row.ringo_callid === callId);

describe('Web API gateway, alternate-key mode', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());
  const apply = setup(() => f, 'alternate-key');

  it('logs a new call with its new contact in one $batch changeset of four requests', async () => {
    f.org.emulator.resetRequestLog();
    const result = await apply(incomingAnswered({ callId: 'key-1', caller: '380671110001' }));

    expect(result).toMatchObject({ outcome: 'logged', createdContact: true });
    expect(f.org.emulator.requests()).toEqual([expect.objectContaining({ method: 'POST', batchParts: 4 })]);
    const [call] = callsWithId(f, 'key-1');
    expect(call).toMatchObject({ activityid: result.phonecallId, statecode: 1, statuscode: 4 });
    expect(call).toMatchObject({ regardingobjectid: result.contactId, ownerid: f.ivan });
    const parties = f.org.emulator.rows('activityparty').filter((p) => p.activityid === result.phonecallId);
    expect(parties.map((p) => [p.participationtypemask, p.partyid])).toEqual([
      [1, result.contactId],
      [2, f.ivan],
    ]);
    expect(f.org.emulator.customApiCalls('ringo_OnCallLogged').at(-1)?.parameters).toEqual({
      CallId: 'key-1',
      Direction: 'incoming',
      Answered: true,
      PhoneCallId: result.phonecallId,
      ContactId: result.contactId,
    });
  });

  it('a repeated write to a closed call ends as already logged and changes nothing', async () => {
    const first = await apply(incomingAnswered({ callId: 'key-2', caller: '380671110002' }));
    const before = callsWithId(f, 'key-2');
    const again = await apply(incomingAnswered({ callId: 'key-2', caller: '380671110002', billsec: 5 }));

    expect(again).toEqual({
      outcome: 'already-logged',
      createdContact: false,
      phonecallId: first.phonecallId,
    });
    expect(callsWithId(f, 'key-2')).toEqual(before);
    expect(f.org.emulator.rows('contact').filter((c) => c.mobilephone === '+380671110002')).toHaveLength(1);
  });

  it('a missed call kept open is refreshed by a repeat, stays open and keeps one set of parties', async () => {
    const missed = incomingMissed({ callId: 'key-3', caller: '380671110003' });
    const first = await apply(missed);
    const contact = { contactid: first.contactId!, statecode: 0, modifiedon: '2026-03-02T12:00:00Z' };
    const again = await apply({ ...missed, recordingUrl: 'https://app.ringostat.com/recordings/key-3.mp3' }, [
      contact,
    ]);

    expect(again.outcome).toBe('logged');
    const [call] = callsWithId(f, 'key-3');
    expect(call).toMatchObject({
      statecode: 0,
      ringo_recordingurl: 'https://app.ringostat.com/recordings/key-3.mp3',
    });
    expect(
      f.org.emulator.rows('activityparty').filter((p) => p.activityid === first.phonecallId),
    ).toHaveLength(2);
    expect(
      f.org.emulator.customApiCalls('ringo_OnCallLogged').filter((c) => c.parameters.CallId === 'key-3'),
    ).toHaveLength(1);
  });

  it('before-call creates the contact with a single request and no phone call', async () => {
    f.org.emulator.resetRequestLog();
    const result = await apply(beforeCall({ callId: 'key-4', caller: '380441110004' }));

    expect(result).toMatchObject({ outcome: 'contact-only', createdContact: true });
    expect(f.org.emulator.requests()).toHaveLength(1);
    expect(callsWithId(f, 'key-4')).toEqual([]);
    const contact = f.org.emulator.rows('contact').find((c) => c.contactid === result.contactId);
    expect(contact).toMatchObject({
      telephone1: '+380441110004',
      mobilephone: null,
      fullname: null,
      ownerid: f.defaultOwner,
      ringo_createdbyringostat: true,
    });
  });

  it('a call id that cannot go into a key URL is found by $filter instead, still once', async () => {
    const callId = 'odd,id/with:chars';
    await apply(incomingAnswered({ callId, caller: '380671110006' }));
    const again = await apply(incomingAnswered({ callId, caller: '380671110006' }));

    expect(again.outcome).toBe('already-logged');
    expect(callsWithId(f, callId)).toHaveLength(1);
  });

  it('throttling surfaces as a transient DataverseError carrying Retry-After', async () => {
    f.org.emulator.configure({ faults: { rate: 1, kinds: ['429'] } });
    try {
      await expect(apply(incomingAnswered({ callId: 'key-5' }))).rejects.toMatchObject({
        name: 'DataverseError',
        status: 429,
        code: '0x80072326',
        retryAfterMs: 1000,
      });
    } finally {
      f.org.emulator.configure({ faults: { rate: 0 } });
    }
  });
});

describe('Web API gateway, keyless mode', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture({ phonecallKey: 'missing' });
  });
  afterAll(() => f.close());
  const apply = setup(() => f, 'keyless');

  it('the key probe reports keyless when phonecall has no active ringo_callid key', async () => {
    await expect(createKeyModeProbe(f.client, 'alternate-key').refresh()).resolves.toBe('keyless');
  });

  it('finds the call by $filter first, so two writes still leave one phone call', async () => {
    const first = await apply(incomingAnswered({ callId: 'nokey-1', caller: '380671120001' }));
    const again = await apply(incomingAnswered({ callId: 'nokey-1', caller: '380671120001' }));

    expect(first.outcome).toBe('logged');
    expect(again).toMatchObject({ outcome: 'already-logged', phonecallId: first.phonecallId });
    expect(callsWithId(f, 'nokey-1')).toHaveLength(1);
  });
});
