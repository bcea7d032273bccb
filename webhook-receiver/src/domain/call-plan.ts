import type { CallStage } from './call-event';

/**
 * `CallPlan`: everything one event should leave in Dataverse, decided before any write. The gateway
 * (../dataverse/) turns it into one $batch changeset; nothing in a plan depends on Dataverse's answer
 * except the ids it will learn.
 */

/** phonecall.ringo_callresult choice values (solution/customizations.xml, option set ringo_callresult). */
export const CALL_RESULTS = { answered: 107350000, missed: 107350001 } as const;

/**
 * phonecall.ringo_hasrecording choice values (solution/customizations.xml, option set
 * ringo_phonecall_hasrecording): Ringostat's `has_recording` "1" → Yes, "0" → No; not sent → no value.
 */
export const HAS_RECORDING = { yes: 107350000, no: 107350001 } as const;

/**
 * phonecall state pairs (Microsoft Learn, reference/entities/phonecall: statecode 1 Completed with
 * statuscode 2 Made or 4 Received). statecode is ignored on create, so the gateway PATCHes it after
 * every other column is written: a closed activity is read-only.
 */
export const PHONECALL_CLOSE = {
  made: { statecode: 1, statuscode: 2 },
  received: { statecode: 1, statuscode: 4 },
} as const;
export type PhoneCallClose = (typeof PHONECALL_CLOSE)[keyof typeof PHONECALL_CLOSE];

export interface OwnerRef {
  type: 'systemuser' | 'team';
  id: string;
}

/** An activity party: the plan's contact (existing or about to be created) or a user. */
export type PartyRef = { kind: 'contact' } | { kind: 'systemuser'; id: string };

export interface NewContactFields {
  mobilephone?: string;
  telephone1?: string;
  ringo_createdbyringostat: true;
}

export type ContactStep =
  | { action: 'use'; contactid: string; ambiguous: boolean; candidates: number }
  | { action: 'create'; fields: NewContactFields; owner: OwnerRef; phone: string }
  | { action: 'none'; reason: string };

export type ColumnValue = string | number | boolean;

export interface PhoneCallStep {
  /** Deterministic activityid for a call created by this receiver (see phone-call-id.ts). */
  activityid: string;
  callId: string;
  /** Every plain column, ringo_* included; absent values are left out, never written as null. */
  fields: Record<string, ColumnValue>;
  from: PartyRef[];
  to: PartyRef[];
  regardingContact: boolean;
  owner: OwnerRef;
  /** Absent: the call stays Open (a missed call kept as a call-back to-do). */
  close?: PhoneCallClose;
}

/** Request parameters of the custom API ringo_OnCallLogged the gateway does not know by itself. */
export interface OnCallLoggedStep {
  CallId: string;
  Direction: 'incoming' | 'outgoing';
  Answered: boolean;
}

export interface CallPlan {
  callId: string;
  stage: CallStage;
  contact: ContactStep;
  /** Absent on before-call: the phone is still ringing. */
  phonecall?: PhoneCallStep;
  /** Raise ringo_OnCallLogged in the same changeset (after-call events only). */
  onCallLogged?: OnCallLoggedStep;
  /** Worth a log line: ambiguity, unmapped employee, hidden number. */
  notes: string[];
}
