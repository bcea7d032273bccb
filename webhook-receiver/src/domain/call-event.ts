import type { Attribution } from '../ringostat/read-attribution';
import type { RingostatEvent, Utm, WebhookEventName } from '../ringostat/ringostat-event';
import { toE164 } from './phone-number';

/**
 * `RingostatEvent` (what the webhook said) → `CallEvent` (what happened, in the product's terms).
 *
 * Glossary
 * - stage: `before-call` (the phone is ringing: only the contact matters) or `after-call` (the call is
 *   over: log it).
 * - client number: the outside party in E.164 — `caller` on incoming calls, `dst` on outgoing ones.
 * - tracking number: the company number the client dialled (incoming `dst`), or the line an outgoing
 *   call went out on when Ringostat names it as a number in `caller`.
 * - answered ⇔ billsec > 0: Ringostat's own rule; `disposition` is kept only as a label because its
 *   code list is open-ended (../../../../shared/ringostat-webhooks.md, "disposition codes").
 */

export type CallDirection = 'incoming' | 'outgoing';
export type CallStage = 'before-call' | 'after-call';

export interface Employee {
  /** Ringostat staff id (`employee_number`), matched to systemuser.ringo_ringostatstaffid. */
  number?: string;
  /** `employee_email`, matched to systemuser.internalemailaddress. */
  email?: string;
  /** `employee_fio`, else the display name of a SIP caller string. */
  name?: string;
  /**
   * The SIP login the call went through when Ringostat names one instead of a number: `caller` of an
   * outgoing call, `connected_with` of an incoming one. The staff directory maps it to the employee.
   */
  sipLogin?: string;
}

export interface CallEvent {
  event: WebhookEventName;
  stage: CallStage;
  callId: string;
  direction: CallDirection;
  answered: boolean;
  /** The client's number in E.164; absent when the number is hidden or not a phone number. */
  clientNumber?: string;
  /** The client party exactly as Ringostat sent it (kept when it is not a phone number). */
  clientRaw: string;
  trackingNumber?: string;
  employee: Employee;
  /** ISO 8601 UTC. */
  startedAt: string;
  /** ISO 8601 UTC: start + whole call duration. */
  endedAt: string;
  talkSeconds: number;
  waitSeconds?: number;
  durationSeconds: number;
  disposition?: string;
  recordingUrl?: string;
  /** Ringostat's `has_recording`: false = the call was not recorded; absent = Ringostat did not say. */
  hasRecording?: boolean;
  callCardUrl?: string;
  utm: Utm;
  /** Landing page, referrer, GA client id, target/repeat flags, rating, scheme and pool, as sent. */
  attribution: Omit<Attribution, 'durationMs'>;
  /** Things worth a log line that do not stop processing (e.g. call_type disagreeing with the URL). */
  warnings: string[];
}

export interface CallEventSettings {
  defaultCountry: string;
}

// DESIGN.md §5: before-call and after-call are incoming, after-outgoing-call is outgoing.
const INCOMING_TYPES: readonly string[] = ['in', 'callback', 'transitin'];
const OUTGOING_TYPES: readonly string[] = ['out', 'transitout'];

export function toCallEvent(event: RingostatEvent, settings: CallEventSettings): CallEvent {
  const direction: CallDirection = event.event === 'after-outgoing-call' ? 'outgoing' : 'incoming';
  const stage: CallStage = event.event === 'before-call' ? 'before-call' : 'after-call';
  const warnings: string[] = [];
  const expected = direction === 'incoming' ? INCOMING_TYPES : OUTGOING_TYPES;
  if (event.callType && !expected.includes(event.callType)) {
    warnings.push(`call_type "${event.callType}" disagrees with the ${event.event} URL; the URL decides`);
  }

  const clientRaw = direction === 'incoming' ? event.caller : event.dst;
  const companyRaw = direction === 'incoming' ? event.dst : event.caller;
  const clientNumber = toE164(clientRaw, settings.defaultCountry);
  if (!clientNumber)
    warnings.push('the client number is hidden or not a phone number; no contact is matched');
  // On outgoing calls `caller` is usually a SIP login; only a real number names the line used.
  const trackingNumber = toE164(companyRaw, settings.defaultCountry);

  const talkSeconds = event.billsec ?? 0;
  const durationSeconds =
    event.duration ??
    (event.durationMs !== undefined
      ? Math.round(event.durationMs / 1000)
      : talkSeconds + (event.waittime ?? 0));
  const startedAt = new Date(event.callDate);
  if (Number.isNaN(startedAt.getTime())) {
    throw new TypeError(`callDate "${event.callDate}" of call ${event.callId} is not an ISO 8601 instant`);
  }
  const endedAt = new Date(startedAt.getTime() + durationSeconds * 1000);

  const name = event.employeeFio ?? (direction === 'outgoing' ? event.callerName : undefined);
  const line = direction === 'outgoing' ? event.caller : event.connectedWith;
  const sipLogin = line && !toE164(line, settings.defaultCountry) && isSipLogin(line) ? line : undefined;
  return {
    event: event.event,
    stage,
    callId: event.callId,
    direction,
    answered: talkSeconds > 0,
    ...(clientNumber ? { clientNumber } : {}),
    clientRaw,
    ...(trackingNumber ? { trackingNumber } : {}),
    employee: {
      ...(event.employeeNumber ? { number: event.employeeNumber } : {}),
      ...(event.employeeEmail ? { email: event.employeeEmail } : {}),
      ...(name ? { name } : {}),
      ...(sipLogin ? { sipLogin } : {}),
    },
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    talkSeconds,
    ...(event.waittime !== undefined ? { waitSeconds: event.waittime } : {}),
    durationSeconds,
    ...(event.disposition ? { disposition: event.disposition } : {}),
    ...(event.recordingUrl ? { recordingUrl: event.recordingUrl } : {}),
    ...(event.hasRecording !== undefined ? { hasRecording: event.hasRecording } : {}),
    ...(event.callCardUrl ? { callCardUrl: event.callCardUrl } : {}),
    utm: event.utm,
    attribution: attributionOf(event),
    warnings,
  };
}

/** Ringostat SIP logins start with the project's name: `companyname_manager1` (HC 6202214). */
function isSipLogin(text: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{1,63}$/i.test(text) && /[a-z]/i.test(text);
}

function attributionOf(event: RingostatEvent): CallEvent['attribution'] {
  const keys = [
    'landing',
    'referrer',
    'gaClientId',
    'targetCall',
    'repeatCall',
    'rating',
    'schemeName',
    'poolName',
  ] as const;
  const attribution: Record<string, unknown> = {};
  for (const key of keys) if (event[key] !== undefined) attribution[key] = event[key];
  return attribution as CallEvent['attribution'];
}
