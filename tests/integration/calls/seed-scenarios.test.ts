import { contactsWith, partiesOf, phoneCallsOf, startCallStack, type CallStack } from './call-stack';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

/**
 * The seed's eight scenarios end to end: a Ringostat webhook over real HTTP → SQLite inbox → worker →
 * Dataverse emulator, then every field of the seed's table (DESIGN.md §1) plus owner, state and ringo_*.
 */
const ANSWERED = 107350000;
const MISSED = 107350001;
// ringo_hasrecording (option set ringo_phonecall_hasrecording): has_recording "1" → Yes, "0" → No.
const RECORDED = 107350000;
const NOT_RECORDED = 107350001;

interface Scenario {
  name: string;
  event: 'after-call' | 'after-outgoing-call';
  answered: boolean;
  existing: boolean;
}

const scenarios: Scenario[] = [
  { name: 'incoming answered, existing contact', event: 'after-call', answered: true, existing: true },
  { name: 'incoming answered, new contact', event: 'after-call', answered: true, existing: false },
  { name: 'incoming missed, existing contact', event: 'after-call', answered: false, existing: true },
  { name: 'incoming missed, new contact', event: 'after-call', answered: false, existing: false },
  {
    name: 'outgoing answered, existing contact',
    event: 'after-outgoing-call',
    answered: true,
    existing: true,
  },
  { name: 'outgoing answered, new contact', event: 'after-outgoing-call', answered: true, existing: false },
  {
    name: 'outgoing missed, existing contact',
    event: 'after-outgoing-call',
    answered: false,
    existing: true,
  },
  { name: 'outgoing missed, new contact', event: 'after-outgoing-call', answered: false, existing: false },
];

function webhook(s: Scenario, index: number) {
  const client = `38067200000${index}`;
  const base = { uniqueid: `ua18_-17915${index}.22159${index}`, calldate: '2026-03-02 14:05:11' };
  const talk = s.answered
    ? { disposition: 'ANSWERED', duration: 95, billsec: 80, waittime: '15', has_recording: '1' }
    : {
        disposition: s.event === 'after-call' ? 'NO ANSWER' : 'CLIENT NO ANSWER',
        duration: 36,
        billsec: 0,
        waittime: '36',
        has_recording: '0',
      };
  const recording = s.answered
    ? { recording: `https://app.ringostat.com/recordings/${base.uniqueid}.mp3?token=fe60f9` }
    : {};
  const extras = {
    call_card: `https://app.ringostat.com/calls/${base.uniqueid}`,
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'brand',
    utm_term: 'crm',
    utm_content: 'ad-1',
  };
  if (s.event === 'after-call') {
    const employee = s.answered
      ? { employee_number: '111111', employee_fio: 'Іван Петренко' }
      : { employee_number: '-1', employee_fio: '' };
    return {
      ...base,
      call_type: 'in',
      caller: client,
      dst: '380441112233',
      ...talk,
      ...employee,
      ...recording,
      ...extras,
    };
  }
  return {
    ...base,
    call_type: 'out',
    caller: '"Іван Петренко" <company_manager1>',
    dst: client,
    employee_number: '111111',
    ...talk,
    ...recording,
    ...extras,
  };
}

describe('the eight seed scenarios, end to end', () => {
  let stack: CallStack;
  beforeAll(async () => {
    stack = await startCallStack();
  });
  afterAll(() => stack.close());

  it.each(scenarios.map((s, i) => [s.name, s, i] as const))('%s', async (_name, s, index) => {
    const { org, users } = stack;
    const body = webhook(s, index);
    const e164 = `+38067200000${index}`;
    // Existing contacts keep their number the way a CRM user typed it, and belong to Maria.
    const stored = ['067 200 000' + index, e164, `38067200000${index}`, `+380 67 200 000${index}`][
      index % 4
    ]!;
    const existing = s.existing
      ? org.emulator.insert('contact', {
          firstname: 'Клієнт',
          lastname: String(index),
          mobilephone: stored,
          ownerid: users.maria,
        })
      : undefined;

    const response = await stack.post(s.event, body);
    expect(response).toEqual({
      status: 200,
      json: { status: 'accepted', id: expect.any(Number), duplicate: false },
    });
    await stack.settled();

    const contacts = contactsWith(org, e164);
    const contactId = existing ?? contacts[0]?.contactid;
    if (!existing) {
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({
        mobilephone: e164,
        fullname: null,
        firstname: null,
        lastname: null,
        ownerid: users.defaultOwner,
        ringo_createdbyringostat: true,
      });
    } else {
      expect(contactsWith(org, e164)).toHaveLength(0); // no second contact in E.164 next to the typed one
    }

    const calls = phoneCallsOf(org, body.uniqueid);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    const incoming = s.event === 'after-call';
    const missedIncoming = incoming && !s.answered;
    const owner = missedIncoming ? (existing ? users.maria : users.defaultOwner) : users.ivan;
    const callTo = incoming ? (s.answered ? users.ivan : owner) : contactId;

    // The seed's table: Call From, Call To, Phone Number, Direction, Regarding.
    expect(partiesOf(org, call.activityid)).toEqual([
      [1, incoming ? contactId : users.ivan, incoming ? 'contact' : 'systemuser'],
      [2, callTo, incoming ? 'systemuser' : 'contact'],
    ]);
    expect(call).toMatchObject({
      phonenumber: e164,
      directioncode: !incoming,
      regardingobjectid: contactId,
      regardingobjectidtype: 'contact',
      ownerid: owner,
      owneridtype: 'systemuser',
    });
    // State: Made (1/2) outgoing, Received (1/4) incoming, a missed incoming call stays Open as a call-back.
    expect([call.statecode, call.statuscode]).toEqual(missedIncoming ? [0, 1] : incoming ? [1, 4] : [1, 2]);
    expect(call.scheduledend === null).toBe(!missedIncoming);
    if (missedIncoming)
      expect(Date.parse(String(call.scheduledend))).toBe(Date.parse('2026-03-02T14:05:47Z'));

    expect(Date.parse(String(call.actualstart))).toBe(Date.parse('2026-03-02T12:05:11Z'));
    expect(Date.parse(String(call.actualend))).toBe(
      Date.parse(s.answered ? '2026-03-02T12:06:46Z' : '2026-03-02T12:05:47Z'),
    );
    expect(call).toMatchObject({
      subject: `${incoming ? (s.answered ? 'Incoming call from' : 'Missed call from') : s.answered ? 'Outgoing call to' : 'Unanswered outgoing call to'} ${e164}`,
      actualdurationminutes: s.answered ? 2 : 0,
      ringo_callid: body.uniqueid,
      ringo_callresult: s.answered ? ANSWERED : MISSED,
      ringo_disposition: body.disposition,
      ringo_talkseconds: s.answered ? 80 : 0,
      ringo_waitseconds: s.answered ? 15 : 36,
      ringo_durationseconds: s.answered ? 95 : 36,
      ringo_recordingurl: s.answered ? body.recording : null,
      ringo_hasrecording: s.answered ? RECORDED : NOT_RECORDED,
      ringo_trackingnumber: incoming ? '+380441112233' : null,
      ringo_employeename: incoming && !s.answered ? null : 'Іван Петренко',
      ringo_employeeid: incoming && !s.answered ? null : '111111',
      ringo_callcardurl: body.call_card,
      ringo_utmsource: 'google',
      ringo_utmmedium: 'cpc',
      ringo_utmcampaign: 'brand',
      ringo_utmterm: 'crm',
      ringo_utmcontent: 'ad-1',
    });
    expect(
      org.emulator.customApiCalls('ringo_OnCallLogged').filter((c) => c.parameters.CallId === body.uniqueid),
    ).toEqual([
      expect.objectContaining({
        parameters: {
          CallId: body.uniqueid,
          Direction: incoming ? 'incoming' : 'outgoing',
          Answered: s.answered,
          PhoneCallId: call.activityid,
          ContactId: contactId,
        },
      }),
    ]);
  });

  it('a webhook without has_recording leaves ringo_hasrecording empty (Ringostat did not say)', async () => {
    const { has_recording: _unsaid, ...body } = webhook(scenarios[0]!, 8);
    expect((await stack.post('after-call', body)).status).toBe(200);
    await stack.settled();
    const [call, ...more] = phoneCallsOf(stack.org, body.uniqueid);
    expect(more).toHaveLength(0);
    expect(call).toMatchObject({ ringo_callid: body.uniqueid, ringo_hasrecording: null });
  });

  it('counts processed events and Dataverse requests on /metrics', async () => {
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toMatch(/call_events_processed_total\{event="after-call",settlement="done"\} [1-9]/);
    expect(text).toMatch(
      /call_events_processed_total\{event="after-outgoing-call",settlement="done"\} [1-9]/,
    );
    expect(text).toMatch(/dataverse_request_seconds_count\{operation="log-call",outcome="ok"\} [1-9]/);
  });
});
