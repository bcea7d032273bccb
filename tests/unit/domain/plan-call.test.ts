import { toCallEvent } from '../../../webhook-receiver/src/domain/call-event';
import {
  CALL_RESULTS,
  HAS_RECORDING,
  type CallPlan,
  type PartyRef,
} from '../../../webhook-receiver/src/domain/call-plan';
import type { CallSettings } from '../../../webhook-receiver/src/domain/call-settings';
import type { ContactCandidate } from '../../../webhook-receiver/src/domain/contact-directory';
import { phoneCallIdFor } from '../../../webhook-receiver/src/domain/phone-call-id';
import { planCall } from '../../../webhook-receiver/src/domain/plan-call';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import {
  beforeCall,
  incomingAnswered,
  incomingMissed,
  outgoingAnswered,
  outgoingMissed,
} from './ringostat-events';

const DEFAULT_OWNER = '00000000-0000-0000-0000-00000000d0d0';
const IVAN = '00000000-0000-0000-0000-000000001111';
const CONTACT_OWNER = '00000000-0000-0000-0000-00000000c0c0';
const settings: CallSettings = {
  defaultOwnerId: DEFAULT_OWNER,
  defaultCountry: 'UA',
  missedCallMode: 'open',
  callbackDueHours: 2,
  language: 'en',
};
const existing: ContactCandidate = {
  contactid: 'c0000000-0000-0000-0000-000000000001',
  statecode: 0,
  modifiedon: '2026-01-10T10:00:00Z',
  ownerid: CONTACT_OWNER,
  ownerType: 'systemuser',
};

const contact: PartyRef = { kind: 'contact' };
const user = (id: string): PartyRef => ({ kind: 'systemuser', id });

function plan(
  event: RingostatEvent,
  contacts: ContactCandidate[],
  over: Partial<CallSettings> = {},
): CallPlan {
  return planCall(toCallEvent(event, { defaultCountry: 'UA' }), {
    contacts,
    employeeUserId: IVAN,
    settings: { ...settings, ...over },
  });
}

// The seed's eight scenarios (DESIGN.md §1): incoming/outgoing × answered/missed × existing/new contact.
describe.each([
  {
    scenario: 'incoming answered, existing contact',
    event: incomingAnswered(),
    contacts: [existing],
    from: [contact],
    to: [user(IVAN)],
    phone: '+380671112233',
    outgoing: false,
    owner: IVAN,
    close: { statecode: 1, statuscode: 4 },
    contactAction: 'use',
  },
  {
    scenario: 'incoming answered, new contact',
    event: incomingAnswered(),
    contacts: [],
    from: [contact],
    to: [user(IVAN)],
    phone: '+380671112233',
    outgoing: false,
    owner: IVAN,
    close: { statecode: 1, statuscode: 4 },
    contactAction: 'create',
  },
  {
    scenario: 'incoming missed, existing contact',
    event: incomingMissed(),
    contacts: [existing],
    from: [contact],
    to: [user(CONTACT_OWNER)],
    phone: '+380501234567',
    outgoing: false,
    owner: CONTACT_OWNER,
    close: undefined,
    contactAction: 'use',
  },
  {
    scenario: 'incoming missed, new contact',
    event: incomingMissed(),
    contacts: [],
    from: [contact],
    to: [user(DEFAULT_OWNER)],
    phone: '+380501234567',
    outgoing: false,
    owner: DEFAULT_OWNER,
    close: undefined,
    contactAction: 'create',
  },
  {
    scenario: 'outgoing answered, existing contact',
    event: outgoingAnswered(),
    contacts: [existing],
    from: [user(IVAN)],
    to: [contact],
    phone: '+380671112233',
    outgoing: true,
    owner: IVAN,
    close: { statecode: 1, statuscode: 2 },
    contactAction: 'use',
  },
  {
    scenario: 'outgoing answered, new contact',
    event: outgoingAnswered(),
    contacts: [],
    from: [user(IVAN)],
    to: [contact],
    phone: '+380671112233',
    outgoing: true,
    owner: IVAN,
    close: { statecode: 1, statuscode: 2 },
    contactAction: 'create',
  },
  {
    scenario: 'outgoing missed, existing contact',
    event: outgoingMissed(),
    contacts: [existing],
    from: [user(IVAN)],
    to: [contact],
    phone: '+380671112233',
    outgoing: true,
    owner: IVAN,
    close: { statecode: 1, statuscode: 2 },
    contactAction: 'use',
  },
  {
    scenario: 'outgoing missed, new contact',
    event: outgoingMissed(),
    contacts: [],
    from: [user(IVAN)],
    to: [contact],
    phone: '+380671112233',
    outgoing: true,
    owner: IVAN,
    close: { statecode: 1, statuscode: 2 },
    contactAction: 'create',
  },
])('$scenario', (row) => {
  const result = plan(row.event, row.contacts);
  const call = result.phonecall!;

  it('fills Call From, Call To, Phone Number, Direction and Regarding as the seed table says', () => {
    expect(call.from).toEqual(row.from);
    expect(call.to).toEqual(row.to);
    expect(call.fields.phonenumber).toBe(row.phone);
    expect(call.fields.directioncode).toBe(row.outgoing);
    expect(call.regardingContact).toBe(true);
  });

  it('sets the owner and the final state', () => {
    expect(call.owner).toEqual({ type: 'systemuser', id: row.owner });
    expect(call.close).toEqual(row.close);
    expect(call.fields.scheduledend === undefined).toBe(row.close !== undefined);
  });

  it(row.contactAction === 'use' ? 'regards the existing contact' : 'creates a nameless contact', () => {
    expect(result.contact.action).toBe(row.contactAction);
    if (result.contact.action === 'use') expect(result.contact.contactid).toBe(existing.contactid);
    if (result.contact.action === 'create') {
      expect(result.contact.owner).toEqual({ type: 'systemuser', id: DEFAULT_OWNER });
      expect(result.contact.fields).toEqual({ mobilephone: row.phone, ringo_createdbyringostat: true });
    }
  });

  it('keys the call on its Ringostat id and raises ringo_OnCallLogged', () => {
    expect(call.fields.ringo_callid).toBe(row.event.callId);
    expect(call.activityid).toBe(phoneCallIdFor(row.event.callId));
    expect(result.onCallLogged).toEqual({
      CallId: row.event.callId,
      Direction: row.outgoing ? 'outgoing' : 'incoming',
      Answered: (row.event.billsec ?? 0) > 0,
    });
  });
});

describe('phone call columns', () => {
  it('an answered incoming call carries every ringo_* column the webhook supplied', () => {
    const call = plan(incomingAnswered(), [existing]).phonecall!;
    expect(call.fields).toEqual({
      subject: 'Incoming call from +380671112233',
      phonenumber: '+380671112233',
      directioncode: false,
      actualstart: '2026-03-02T12:05:11.000Z',
      actualend: '2026-03-02T12:06:46.000Z',
      actualdurationminutes: 2,
      ringo_callid: 'ua18_-1791545397.2215926',
      ringo_callresult: CALL_RESULTS.answered,
      ringo_disposition: 'ANSWERED',
      ringo_talkseconds: 80,
      ringo_waitseconds: 15,
      ringo_durationseconds: 95,
      ringo_recordingurl: 'https://app.ringostat.com/recordings/ua18_-1791545397.2215926.mp3?token=fe60',
      ringo_hasrecording: HAS_RECORDING.yes,
      ringo_trackingnumber: '+380441112233',
      ringo_employeename: 'Іван Петренко',
      ringo_employeeid: '111111',
      ringo_callcardurl: 'https://app.ringostat.com/calls/ua18_-1791545397.2215926',
      ringo_utmsource: 'google',
      ringo_utmmedium: 'cpc',
      ringo_utmcampaign: 'brand',
    });
  });

  it('attribution data becomes the attribution columns; a call without it writes none of them', () => {
    const attributed = incomingAnswered({
      landing: 'https://shop.example/sofas',
      referrer: 'https://www.google.com/',
      gaClientId: '1169999034.15555555108',
      targetCall: true,
      repeatCall: false,
      rating: 5,
      schemeName: 'Sales',
      poolName: 'Google Ads pool',
    });
    expect(plan(attributed, [existing]).phonecall!.fields).toMatchObject({
      ringo_landing: 'https://shop.example/sofas',
      ringo_referrer: 'https://www.google.com/',
      ringo_gaclientid: '1169999034.15555555108',
      ringo_targetcall: true,
      ringo_repeatcall: false,
      ringo_rating: 5,
      ringo_scheme: 'Sales',
      ringo_pool: 'Google Ads pool',
    });
    const plain = plan(incomingAnswered(), [existing]).phonecall!.fields;
    expect(
      Object.keys(plain).filter((k) => /landing|referrer|gaclient|target|repeat|rating|scheme|pool/.test(k)),
    ).toEqual([]);
  });

  it('has_recording 1 is Yes, 0 is No, and a webhook without it leaves ringo_hasrecording unwritten', () => {
    expect(plan(incomingAnswered(), [existing]).phonecall!.fields.ringo_hasrecording).toBe(HAS_RECORDING.yes);
    expect(plan(incomingMissed(), [existing]).phonecall!.fields.ringo_hasrecording).toBe(HAS_RECORDING.no);
    const { hasRecording: _unsaid, ...silent } = incomingAnswered();
    expect(plan(silent, [existing]).phonecall!.fields).not.toHaveProperty('ringo_hasrecording');
  });

  it('duration_ms stands in for a missing duration', () => {
    const { duration: _duration, ...withoutDuration } = incomingAnswered();
    const call = plan({ ...withoutDuration, durationMs: 95_400 }, [existing]);
    expect(call.phonecall!.fields.ringo_durationseconds).toBe(95);
  });

  it('an open missed call is due CallbackDueHours after the call ended, whenever it is processed', () => {
    const call = plan(incomingMissed(), [], { callbackDueHours: 3 }).phonecall!;
    expect(call.fields.actualend).toBe('2026-03-02T12:20:39.000Z');
    expect(call.fields.scheduledend).toBe('2026-03-02T15:20:39.000Z');
    expect(call.fields.ringo_callresult).toBe(CALL_RESULTS.missed);
    expect(call.fields.subject).toBe('Missed call from +380501234567');
  });

  it('subjects follow ringo_Language', () => {
    expect(plan(incomingAnswered(), [], { language: 'uk' }).phonecall!.fields.subject).toBe(
      'Вхідний дзвінок від +380671112233',
    );
    expect(plan(outgoingMissed(), [], { language: 'uk' }).phonecall!.fields.subject).toBe(
      'Вихідний дзвінок без відповіді на +380671112233',
    );
  });

  it('a landline number of a new contact goes to telephone1', () => {
    const result = plan(incomingAnswered({ caller: '380441234567' }), []);
    expect(result.contact).toMatchObject({ action: 'create', fields: { telephone1: '+380441234567' } });
  });
});

describe('missed calls and owners', () => {
  it('with ringo_MissedCallMode=completed a missed incoming call is closed as Received', () => {
    const call = plan(incomingMissed(), [existing], { missedCallMode: 'completed' }).phonecall!;
    expect(call.close).toEqual({ statecode: 1, statuscode: 4 });
    expect(call.fields.scheduledend).toBeUndefined();
  });

  it('a missed call to a team-owned contact is owned by the team, with the default owner as Call To', () => {
    const teamOwned = { ...existing, ownerid: 'team-1', ownerType: 'team' as const };
    const call = plan(incomingMissed(), [teamOwned]).phonecall!;
    expect(call.owner).toEqual({ type: 'team', id: 'team-1' });
    expect(call.to).toEqual([user(DEFAULT_OWNER)]);
  });

  it('an employee without a CRM user leaves the call with the default owner and says so', () => {
    const result = planCall(toCallEvent(incomingAnswered(), { defaultCountry: 'UA' }), {
      contacts: [],
      settings,
    });
    expect(result.phonecall!.owner).toEqual({ type: 'systemuser', id: DEFAULT_OWNER });
    expect(result.phonecall!.to).toEqual([user(DEFAULT_OWNER)]);
    expect(result.notes.join()).toMatch(/maps to no CRM user/);
  });
});

describe('before-call and unusual numbers', () => {
  it('before-call only finds or creates the contact', () => {
    const created = plan(beforeCall(), []);
    expect(created.contact.action).toBe('create');
    expect(created.phonecall).toBeUndefined();
    expect(created.onCallLogged).toBeUndefined();
    expect(plan(beforeCall(), [existing]).contact).toMatchObject({ action: 'use' });
  });

  it('a hidden number logs the call without a contact or Regarding', () => {
    const result = plan(incomingAnswered({ caller: 'anonymous' }), [existing]);
    expect(result.contact.action).toBe('none');
    expect(result.phonecall!.from).toEqual([]);
    expect(result.phonecall!.regardingContact).toBe(false);
    expect(result.phonecall!.fields.phonenumber).toBe('anonymous');
  });

  it('picks one of several contacts with the number and notes the ambiguity', () => {
    const older = { ...existing, contactid: 'c-older', modifiedon: '2025-01-01T00:00:00Z' };
    const result = plan(incomingAnswered(), [older, existing]);
    expect(result.contact).toMatchObject({ action: 'use', contactid: existing.contactid, ambiguous: true });
    expect(result.notes.join()).toMatch(/2 contacts hold this number/);
  });
});
