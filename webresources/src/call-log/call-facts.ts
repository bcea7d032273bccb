import type { RecordingPolicy } from '../shared/recording-hosts';
import { callOutcome, OUTCOME_LABEL, type CallOutcome } from '../shared/call-outcome';
import { recordingState, type RecordingState } from '../shared/recording-state';
import type { Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';
import { attributionValues, type AttributionValues } from './call-attribution';

/** Formatted values come back as annotations when Xrm.WebApi asks for them (it does by default). */
export const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export type CallRow = Readonly<Record<string, unknown>>;

/** One call as the journal, its CSV export and the inline player show it, from one place. */
export interface CallFacts {
  readonly id: string;
  readonly callId: string;
  readonly when: string;
  readonly outgoing: boolean;
  readonly direction: string;
  readonly phone: string;
  readonly contactId: string;
  /** The contact's name, or "Contact without a name" when the contact has none; empty without a contact. */
  readonly contactName: string;
  /**
   * The employee is the CRM user the call belongs to (its owner) — the same on the journal, the form and
   * the employee filter (docs/adr/0103). Ringostat's own name for the agent stays on the form's Ringostat
   * section as "Name in Ringostat".
   */
  readonly employee: string;
  readonly outcome: CallOutcome;
  readonly result: string;
  readonly talkSeconds: number;
  readonly recording: RecordingState;
  /** The optional attribution columns (call-columns.ts), formatted; shown only when the agent picks them. */
  readonly attribution: AttributionValues;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function callFacts(
  call: CallRow,
  t: Texts,
  format: UserFormat,
  now: Date,
  policy?: RecordingPolicy,
): CallFacts {
  const outgoing = call['directioncode'] === true;
  const outcome = callOutcome(outgoing, call['ringo_callresult']);
  const contactId = text(call['_regardingobjectid_value']);
  return {
    id: text(call['activityid']),
    callId: text(call['ringo_callid']),
    when: format.dateTime(text(call['actualstart'])),
    outgoing,
    direction: outgoing ? t.outgoing : t.incoming,
    phone: text(call['phonenumber']),
    contactId,
    contactName: contactId ? text(call[`_regardingobjectid_value${FORMATTED}`]) || t.unknownContact : '',
    employee: text(call[`_ownerid_value${FORMATTED}`]),
    outcome,
    result: outcome === 'unknown' ? '' : t[OUTCOME_LABEL[outcome]],
    talkSeconds: num(call['ringo_talkseconds']) ?? 0,
    recording: recordingState(
      {
        recordingUrl: text(call['ringo_recordingurl']) || null,
        callResult: num(call['ringo_callresult']),
        outgoing,
        hasRecording: num(call['ringo_hasrecording']),
        endedAt: text(call['actualend']) || text(call['actualstart']) || null,
      },
      now,
      policy,
    ),
    attribution: attributionValues(call, t, format),
  };
}

/** The short word for a recording in the journal and the CSV: present, coming, or none. */
export function recordingWord(state: RecordingState, t: Texts): string {
  if (state.kind === 'playable') return t.yes;
  if (state.kind === 'not-ready') return t.recordingNotReady;
  return t.recordingNone;
}
