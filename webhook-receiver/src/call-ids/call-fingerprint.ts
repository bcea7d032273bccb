import { createHash } from 'node:crypto';
import type { RingostatEvent } from '../ringostat/ringostat-event';

/**
 * What identifies a call besides its id: direction, the client's number and the start time. Two events
 * with one id but different fingerprints are two calls sharing an id (a wrong list item behind
 * `uniqueid`); two ids with one fingerprint are one call under two ids (webhook vs call log). The
 * number is kept only as a salted hash of its last nine digits — no phone number in this store.
 */

export interface CallFingerprint {
  callId: string;
  event: string;
  direction: 'in' | 'out';
  /** Hash of the client's number; absent when it is hidden or not a number. */
  client?: string;
  /** Call start, epoch milliseconds. */
  startedAt: number;
}

/** Events of one call may carry start times a little apart (before-call vs after-call). */
export const SAME_CALL_WINDOW_MS = 10 * 60_000;
/** A call-log row and a webhook of one call agree on the start to the second; a little slack for rounding. */
export const MATCH_WINDOW_MS = 120_000;

export function fingerprintOf(event: RingostatEvent): CallFingerprint | undefined {
  const startedAt = Date.parse(event.callDate);
  if (Number.isNaN(startedAt)) return undefined;
  const direction = event.event === 'after-outgoing-call' ? 'out' : 'in';
  const client = hashNumber(direction === 'out' ? event.dst : event.caller);
  return { callId: event.callId, event: event.event, direction, ...(client ? { client } : {}), startedAt };
}

/** Why `b` cannot be the same call as `a`, or undefined when it can. */
export function differenceBetween(a: CallFingerprint, b: CallFingerprint): string | undefined {
  if (a.direction !== b.direction) return 'one is incoming, the other outgoing';
  if (a.client && b.client && a.client !== b.client) return 'another client number';
  const apart = Math.abs(a.startedAt - b.startedAt);
  if (apart > SAME_CALL_WINDOW_MS) return `a start ${Math.round(apart / 60_000)} minutes apart`;
  return undefined;
}

function hashNumber(raw: string): string | undefined {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 7) return undefined;
  return createHash('sha256')
    .update(`ringostat-call:${digits.slice(-9)}`)
    .digest('hex')
    .slice(0, 24);
}
