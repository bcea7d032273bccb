import type { RecordedRequest } from '../../../emulators/dataverse/src/index';
import { toCallEvent } from '../../../webhook-receiver/src/domain/call-event';
import type { KeyMode } from '../../../webhook-receiver/src/domain/call-gateway';
import type { ContactCandidate } from '../../../webhook-receiver/src/domain/contact-directory';
import { phoneCallIdFor } from '../../../webhook-receiver/src/domain/phone-call-id';
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

/** `METHOD path` of every request and $batch part, ids and the org URL taken out. */
function shapes(requests: RecordedRequest[]): string[] {
  const strip = (url: string) =>
    url
      .replace(/^https?:\/\/[^/]+/, '')
      .replace('/api/data/v9.2/', '')
      .replace(/\?.*$/, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}');
  return requests.flatMap((r) =>
    r.parts
      ? [`${r.method} ${strip(r.url)}`, ...r.parts.map((p) => `  ${p.method} ${strip(p.url)}`)]
      : [`${r.method} ${strip(r.url)}`],
  );
}

const partBody = (r: RecordedRequest | undefined, index: number) =>
  JSON.parse(r?.parts?.[index]?.body ?? '{}') as Record<string, unknown>;

describe('Web API gateway, alternate-key mode', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture({ recordBodies: true });
  });
  afterAll(() => f.close());
  const apply = setup(() => f, 'alternate-key');

  it('logs a new call with its new contact in one changeset: POST contact, POST phone call with parties, close, event', async () => {
    f.org.emulator.resetRequestLog();
    const result = await apply(incomingAnswered({ callId: 'key-1', caller: '380671110001' }));

    expect(result).toMatchObject({ outcome: 'logged', createdContact: true });
    expect(shapes(f.org.emulator.requests())).toEqual([
      'POST $batch',
      '  POST contacts',
      '  POST phonecalls',
      '  PATCH $2',
      '  POST ringo_OnCallLogged',
    ]);
    const [batch] = f.org.emulator.requests();
    expect(partBody(batch, 1)).toMatchObject({
      activityid: phoneCallIdFor('key-1'),
      ringo_callid: 'key-1',
      'regardingobjectid_contact_phonecall@odata.bind': '$1',
      phonecall_activity_parties: [
        { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${result.contactId})` },
        { participationtypemask: 2, 'partyid_systemuser@odata.bind': `/systemusers(${f.ivan})` },
      ],
    });
    expect(batch?.parts?.[2]?.headers['if-match']).toBe('*');
    const [call] = callsWithId(f, 'key-1');
    expect(call).toMatchObject({ activityid: result.phonecallId, statecode: 1, statuscode: 4 });
    expect(call).toMatchObject({ regardingobjectid: result.contactId, ownerid: f.ivan });
    expect(f.org.emulator.customApiCalls('ringo_OnCallLogged').at(-1)?.parameters).toEqual({
      CallId: 'key-1',
      Direction: 'incoming',
      Answered: true,
      PhoneCallId: result.phonecallId,
      ContactId: result.contactId,
    });
  });

  it('a repeat of a closed call is refused as a duplicate, read by primary key, and ends as already logged', async () => {
    const first = await apply(incomingAnswered({ callId: 'key-2', caller: '380671110002' }));
    const before = callsWithId(f, 'key-2');
    f.org.emulator.resetRequestLog();
    const again = await apply(incomingAnswered({ callId: 'key-2', caller: '380671110002', billsec: 5 }));

    expect(again).toEqual({
      outcome: 'already-logged',
      createdContact: false,
      phonecallId: first.phonecallId,
    });
    expect(shapes(f.org.emulator.requests())).toEqual([
      'POST $batch',
      '  POST contacts',
      '  POST phonecalls',
      '  PATCH $2',
      '  POST ringo_OnCallLogged',
      'GET phonecalls({id})',
    ]);
    expect(callsWithId(f, 'key-2')).toEqual(before);
    expect(f.org.emulator.rows('contact').filter((c) => c.mobilephone === '+380671110002')).toHaveLength(1);
  });

  it('a repeat of a missed call kept open sends only the changed column, never the owner, and keeps one set of parties', async () => {
    const missed = incomingMissed({ callId: 'key-3', caller: '380671110003' });
    const first = await apply(missed);
    const contact = { contactid: first.contactId!, statecode: 0, modifiedon: '2026-03-02T12:00:00Z' };
    f.org.emulator.resetRequestLog();
    const recording = 'https://app.ringostat.com/recordings/key-3.mp3';
    const again = await apply({ ...missed, recordingUrl: recording }, [contact]);

    expect(again).toMatchObject({ outcome: 'logged', createdContact: false, contactId: first.contactId });
    const requests = f.org.emulator.requests();
    expect(shapes(requests)).toEqual([
      'POST $batch',
      '  POST phonecalls',
      '  POST ringo_OnCallLogged',
      'GET phonecalls({id})',
      'POST $batch',
      '  PATCH phonecalls({id})',
    ]);
    expect(partBody(requests.at(-1), 0)).toEqual({ ringo_recordingurl: recording });
    expect(requests.at(-1)?.parts?.[0]?.headers['if-match']).toBe('*');
    const [call] = callsWithId(f, 'key-3');
    expect(call).toMatchObject({ statecode: 0, ringo_recordingurl: recording });
    expect(
      f.org.emulator.rows('activityparty').filter((p) => p.activityid === first.phonecallId),
    ).toHaveLength(2);
    expect(
      f.org.emulator.customApiCalls('ringo_OnCallLogged').filter((c) => c.parameters.CallId === 'key-3'),
    ).toHaveLength(1);
  });

  it('a repeat that changes nothing on an open call writes nothing', async () => {
    const missed = incomingMissed({ callId: 'key-3b', caller: '380671110033' });
    const first = await apply(missed);
    f.org.emulator.resetRequestLog();
    const contact = { contactid: first.contactId!, statecode: 0, modifiedon: '2026-03-02T12:00:00Z' };
    await apply(missed, [contact]);
    expect(shapes(f.org.emulator.requests()).filter((s) => !s.startsWith(' '))).toEqual([
      'POST $batch',
      'GET phonecalls({id})',
    ]);
  });

  it('a repeat whose plan would create a contact reuses the contact the call is about', async () => {
    const missed = incomingMissed({ callId: 'key-3c', caller: '380671110034' });
    const first = await apply(missed);
    const again = await apply({ ...missed, recordingUrl: 'https://app.ringostat.com/r/3c.mp3' });

    expect(again).toMatchObject({ outcome: 'logged', createdContact: false, contactId: first.contactId });
    expect(f.org.emulator.rows('contact').filter((c) => c.mobilephone === '+380671110034')).toHaveLength(1);
  });

  it('before-call creates the contact with a single request and no phone call', async () => {
    f.org.emulator.resetRequestLog();
    const result = await apply(beforeCall({ callId: 'key-4', caller: '380441110004' }));

    expect(result).toMatchObject({ outcome: 'contact-only', createdContact: true });
    expect(shapes(f.org.emulator.requests())).toEqual(['POST contacts']);
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

  it.each(['odd,id/with:chars', 'a?b#c', "it's 50% & <more>", 'x\\y*z+1'])(
    'the call id %s never goes into a URL and is logged once',
    async (callId) => {
      f.org.emulator.resetRequestLog();
      await apply(incomingAnswered({ callId, caller: '380671110006' }));
      const again = await apply(incomingAnswered({ callId, caller: '380671110006' }));

      expect(again.outcome).toBe('already-logged');
      expect(callsWithId(f, callId)).toHaveLength(1);
      const urls = f.org.emulator.requests().flatMap((r) => [r.url, ...(r.parts ?? []).map((p) => p.url)]);
      expect(urls.filter((u) => /\(ringo_callid=/.test(decodeURIComponent(u)))).toEqual([]);
    },
  );

  it('a call some other client logged under another id is found by $filter on ringo_callid', async () => {
    const other = f.org.emulator.insert('phonecall', { subject: 'typed in by hand', ringo_callid: 'key-5' });
    f.org.emulator.resetRequestLog();
    const result = await apply(incomingAnswered({ callId: 'key-5', caller: '380671110007' }));

    expect(result).toMatchObject({ phonecallId: other });
    expect(shapes(f.org.emulator.requests()).filter((s) => !s.startsWith(' '))).toEqual([
      'POST $batch',
      'GET phonecalls({id})',
      'GET phonecalls',
      'POST $batch',
    ]);
    expect(callsWithId(f, 'key-5')).toHaveLength(1);
  });

  it('throttling surfaces as a transient DataverseError carrying Retry-After', async () => {
    f.org.emulator.configure({ faults: { rate: 1, kinds: ['429'] } });
    try {
      await expect(apply(incomingAnswered({ callId: 'key-6' }))).rejects.toMatchObject({
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

describe('Web API gateway in a Ukrainian org (messages are not English)', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture({ language: 1058 });
  });
  afterAll(() => f.close());
  const apply = setup(() => f, 'alternate-key');

  it('a repeat is still recognised by its code', async () => {
    const first = await apply(incomingAnswered({ callId: 'uk-1', caller: '380671130001' }));
    const again = await apply(incomingAnswered({ callId: 'uk-1', caller: '380671130001' }));
    expect(again).toMatchObject({ outcome: 'already-logged', phonecallId: first.phonecallId });
  });

  it('a call-back an agent completed between the read and the write ends as already logged', async () => {
    const missed = incomingMissed({ callId: 'uk-2', caller: '380671130002' });
    const first = await apply(missed);
    // The agent closes the call-back as soon as the receiver has read it (before its PATCH arrives).
    const gatewayRead = f.org.emulator.handle.bind(f.org.emulator);
    let closed = false;
    f.org.emulator.handle = async (request) => {
      const response = await gatewayRead(request);
      if (!closed && request.method === 'GET' && request.url.includes(first.phonecallId ?? '?')) {
        closed = true;
        await gatewayRead(
          new Request(`${f.org.url}/api/data/v9.2/phonecalls(${first.phonecallId})`, {
            method: 'PATCH',
            headers: { Authorization: 'Bearer agent', 'Content-Type': 'application/json' },
            body: JSON.stringify({ statecode: 1, statuscode: 4 }),
          }),
        );
      }
      return response;
    };
    try {
      const again = await apply({ ...missed, recordingUrl: 'https://app.ringostat.com/r/uk-2.mp3' });
      expect(again).toMatchObject({ outcome: 'already-logged', phonecallId: first.phonecallId });
      expect(callsWithId(f, 'uk-2')[0]).toMatchObject({ statecode: 1, ringo_recordingurl: null });
    } finally {
      f.org.emulator.handle = gatewayRead;
    }
  });
});

describe('Web API gateway, keyless mode', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture({ phonecallKey: 'missing', recordBodies: true });
  });
  afterAll(() => f.close());
  const apply = setup(() => f, 'keyless');

  it('the key probe reports keyless when phonecall has no active ringo_callid key', async () => {
    await expect(createKeyModeProbe(f.client, 'alternate-key').refresh()).resolves.toBe('keyless');
  });

  it('sends the same requests: the deterministic primary key alone keeps a repeat to one phone call', async () => {
    f.org.emulator.resetRequestLog();
    const first = await apply(incomingAnswered({ callId: 'nokey-1', caller: '380671120001' }));
    const again = await apply(incomingAnswered({ callId: 'nokey-1', caller: '380671120001' }));

    expect(first.outcome).toBe('logged');
    expect(again).toMatchObject({ outcome: 'already-logged', phonecallId: first.phonecallId });
    expect(callsWithId(f, 'nokey-1')).toHaveLength(1);
    expect(shapes(f.org.emulator.requests()).filter((s) => !s.startsWith(' '))).toEqual([
      'POST $batch',
      'POST $batch',
      'GET phonecalls({id})',
    ]);
  });
});
