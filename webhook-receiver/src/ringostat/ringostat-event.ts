import type { Attribution } from './read-attribution';

/**
 * The typed form of one Ringostat Webhooks 2.0 request, after lenient parsing
 * (see ../../../../shared/ringostat-webhooks.md → docs/webhook-parameters.md).
 *
 * Glossary
 * - event: which of the three webhook URLs was called (the URL decides, never the payload).
 * - uniqueid / callId: Ringostat's call id; the idempotency key, stored as phonecall.ringo_callid.
 * - caller / dst: the raw calling and called parties. On incoming calls `caller` is the client and
 *   `dst` the company (tracking) number; on outgoing calls `caller` is the employee (often a SIP
 *   display string `"Name" <login>`, split into callerName / caller) and `dst` is the client.
 * - absent: Ringostat sends "", "-1" (ids), "(none)" and "(not set)" for "no value"; the parser turns
 *   those into a missing property, so `undefined` is the only "absent" here.
 */

export const WEBHOOK_EVENTS = ['before-call', 'after-call', 'after-outgoing-call'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

export const CALL_TYPES = ['in', 'out', 'callback', 'transitin', 'transitout'] as const;
export type CallType = (typeof CALL_TYPES)[number];

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

/** One webhook; the landing page, referrer, GA client id, flags, rating, scheme and pool come from Attribution. */
export interface RingostatEvent extends Attribution {
  event: WebhookEventName;
  /** Ringostat call id (`uniqueid`). */
  callId: string;
  /** Call start as an ISO 8601 UTC instant (`calldate`, converted with RINGOSTAT_TIMEZONE when it had no offset). */
  callDate: string;
  /** Calling party: digits/number or SIP login, with any `"Name" <…>` wrapper removed. */
  caller: string;
  /** Display name from a `"Name" <login>` caller string, when there was one. */
  callerName?: string;
  /** Called party as sent. */
  dst: string;
  callType?: CallType;
  /** Ringostat status code, upper-case as sent (`ANSWERED`, `NO ANSWER`, …). */
  disposition?: string;
  /** Talk seconds; 0 = not answered. Required on after-call events. */
  billsec?: number;
  /** Whole call seconds including waiting. */
  duration?: number;
  /** Ring / wait seconds. */
  waittime?: number;
  /** Ringostat employee (staff) id. */
  employeeNumber?: string;
  employeeFio?: string;
  employeeEmail?: string;
  connectedWith?: string;
  department?: string;
  hasRecording?: boolean;
  /** Recording link (`recording`, else `recording_wav`); only http(s) URLs are kept. */
  recordingUrl?: string;
  /** Link to the call card in Ringostat. */
  callCardUrl?: string;
  utm: Utm;
  /** Keys the contract does not name, kept as sent (flattened from additional_call_data too). */
  extra: Record<string, string>;
  /**
   * What the parser noticed but accepted, e.g. `call_type` "out" on an incoming endpoint (the URL still
   * decides the direction; see docs/adr/0005-lenient-parsing-strict-validation.md).
   */
  warnings?: string[];
}
