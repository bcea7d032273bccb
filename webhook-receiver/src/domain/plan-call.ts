import type { CallEvent } from './call-event';
import {
  CALL_RESULTS,
  HAS_RECORDING,
  PHONECALL_CLOSE,
  type CallPlan,
  type ColumnValue,
  type ContactStep,
  type OwnerRef,
  type PartyRef,
  type PhoneCallStep,
} from './call-plan';
import type { CallSettings } from './call-settings';
import type { ContactCandidate } from './contact-directory';
import { phoneCallIdFor } from './phone-call-id';
import { phoneCallSubject } from './phone-call-subject';
import { phoneKind } from './phone-number';
import { pickContact, type ContactPick } from './pick-contact';

/**
 * `CallEvent` + what Dataverse already holds → `CallPlan`. Pure: the contacts found for the number,
 * the user the employee maps to and the settings come in as data. The rules are DESIGN.md §1 (the
 * seed's field table) and §5; the owner of a missed call is docs/adr/0031-missed-call-owner-and-call-to.md.
 */
export interface PlanContext {
  /** Contacts whose phone columns hold the client number, in any state. */
  contacts: readonly ContactCandidate[];
  /** The systemuser the Ringostat employee maps to, when one does. */
  employeeUserId?: string;
  settings: CallSettings;
}

export function planCall(call: CallEvent, context: PlanContext): CallPlan {
  const { settings } = context;
  const notes = [...call.warnings];
  const defaultOwner: OwnerRef = { type: 'systemuser', id: settings.defaultOwnerId };
  const pick = call.clientNumber ? pickContact(context.contacts) : undefined;
  const contact = contactStep(call, pick, defaultOwner);
  if (pick?.ambiguous) {
    notes.push(`${pick.candidates} contacts hold this number; using ${pick.contact.contactid}`);
  }
  if (call.stage === 'before-call') return { callId: call.callId, stage: call.stage, contact, notes };

  const employeeUser: OwnerRef | undefined = context.employeeUserId
    ? { type: 'systemuser', id: context.employeeUserId }
    : undefined;
  if (!employeeUser && (call.employee.number || call.employee.email || call.employee.sipLogin)) {
    notes.push('the Ringostat employee maps to no CRM user; the default owner stands in');
  }

  const missedIncoming = call.direction === 'incoming' && !call.answered;
  const keepOpen = missedIncoming && settings.missedCallMode === 'open';
  // An open missed call is a call-back to-do for whoever owns the client (DESIGN.md §5).
  const contactOwner: OwnerRef | undefined = pick?.contact.ownerid
    ? { type: pick.contact.ownerType ?? 'systemuser', id: pick.contact.ownerid }
    : undefined;
  const owner = keepOpen ? (contactOwner ?? defaultOwner) : (employeeUser ?? defaultOwner);
  const ownerUser: PartyRef = {
    kind: 'systemuser',
    id: owner.type === 'systemuser' ? owner.id : defaultOwner.id,
  };
  const employeeParty: PartyRef = { kind: 'systemuser', id: (employeeUser ?? defaultOwner).id };
  const contactParty: PartyRef[] = contact.action === 'none' ? [] : [{ kind: 'contact' }];

  const phonecall: PhoneCallStep = {
    activityid: phoneCallIdFor(call.callId),
    callId: call.callId,
    fields: phoneCallFields(call, settings, keepOpen),
    from: call.direction === 'incoming' ? contactParty : [employeeParty],
    to: call.direction === 'incoming' ? [missedIncoming ? ownerUser : employeeParty] : contactParty,
    regardingContact: contact.action !== 'none',
    owner,
    ...(keepOpen
      ? {}
      : { close: call.direction === 'outgoing' ? PHONECALL_CLOSE.made : PHONECALL_CLOSE.received }),
  };
  return {
    callId: call.callId,
    stage: call.stage,
    contact,
    phonecall,
    onCallLogged: { CallId: call.callId, Direction: call.direction, Answered: call.answered },
    notes,
  };
}

function contactStep(call: CallEvent, pick: ContactPick | undefined, owner: OwnerRef): ContactStep {
  if (!call.clientNumber)
    return { action: 'none', reason: 'the client number is hidden or not a phone number' };
  if (pick) {
    return {
      action: 'use',
      contactid: pick.contact.contactid,
      ambiguous: pick.ambiguous,
      candidates: pick.candidates,
    };
  }
  // DESIGN.md §1: number only, no name, owned by the default owner, flagged as created by Ringostat.
  const column = phoneKind(call.clientNumber) === 'mobile' ? 'mobilephone' : 'telephone1';
  return {
    action: 'create',
    fields: { [column]: call.clientNumber, ringo_createdbyringostat: true },
    owner,
    phone: call.clientNumber,
  };
}

function phoneCallFields(
  call: CallEvent,
  settings: CallSettings,
  keepOpen: boolean,
): Record<string, ColumnValue> {
  const fields: Record<string, ColumnValue | undefined> = {
    subject: phoneCallSubject(call, settings.language),
    phonenumber: clip(call.clientNumber ?? call.clientRaw, 200),
    // Microsoft Learn, reference/entities/phonecall: directioncode true = Outgoing, false = Incoming.
    directioncode: call.direction === 'outgoing',
    actualstart: call.startedAt,
    actualend: call.endedAt,
    actualdurationminutes: Math.ceil(call.talkSeconds / 60),
    scheduledend: keepOpen ? dueAt(call.endedAt, settings.callbackDueHours) : undefined,
    ringo_callid: call.callId,
    ringo_callresult: call.answered ? CALL_RESULTS.answered : CALL_RESULTS.missed,
    ringo_disposition: clip(call.disposition, 100),
    ringo_talkseconds: call.talkSeconds,
    ringo_waitseconds: call.waitSeconds,
    ringo_durationseconds: call.durationSeconds,
    ringo_recordingurl: clip(call.recordingUrl, 1000),
    // The call journal says "Ringostat did not record" at once from No (docs/adr/0141); not sent → unknown.
    ringo_hasrecording: hasRecordingChoice(call.hasRecording),
    ringo_trackingnumber: clip(call.trackingNumber, 100),
    ringo_employeename: clip(call.employee.name, 200),
    ringo_employeeid: clip(call.employee.number, 100),
    ringo_callcardurl: clip(call.callCardUrl, 1000),
    ringo_utmsource: clip(call.utm.source, 500),
    ringo_utmmedium: clip(call.utm.medium, 500),
    ringo_utmcampaign: clip(call.utm.campaign, 500),
    ringo_utmterm: clip(call.utm.term, 500),
    ringo_utmcontent: clip(call.utm.content, 500),
    // Attribution columns (docs/adr/0113-attribution-columns.md); absent values are never written.
    ringo_landing: clip(call.attribution.landing, 1000),
    ringo_referrer: clip(call.attribution.referrer, 1000),
    ringo_gaclientid: clip(call.attribution.gaClientId, 100),
    ringo_targetcall: call.attribution.targetCall,
    ringo_repeatcall: call.attribution.repeatCall,
    ringo_rating: call.attribution.rating,
    ringo_scheme: clip(call.attribution.schemeName, 200),
    ringo_pool: clip(call.attribution.poolName, 200),
  };
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, ColumnValue] => entry[1] !== undefined),
  );
}

function hasRecordingChoice(hasRecording: boolean | undefined): number | undefined {
  if (hasRecording === undefined) return undefined;
  return hasRecording ? HAS_RECORDING.yes : HAS_RECORDING.no;
}

/** Due time counts from the end of the call, so a late or repeated write sets the same value. */
function dueAt(endedAt: string, hours: number): string {
  return new Date(Date.parse(endedAt) + hours * 3_600_000).toISOString();
}

function clip(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : value.slice(0, max);
}
