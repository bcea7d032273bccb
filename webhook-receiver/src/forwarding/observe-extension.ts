import type { RingostatEvent } from '../ringostat/ringostat-event';
import { toDestination } from './destination';

/**
 * What a logged call says about where an employee can be rung (docs/adr/0133-owner-extensions-from-local-state.md).
 * Pure. Two observations, both from Ringostat's own data:
 * - an answered incoming call: `connected_with` is "the number/SIP the call was connected to" for the
 *   employee `employee_number` (call-log field list, notes/ringostat.md §2.2);
 * - an outgoing call made from a SIP phone: `caller` is `"Name" <login>`, the employee's SIP login.
 * A number in `caller` of an outgoing call is the company line, never the employee: it is not learned.
 */
export const OBSERVATION_SOURCES = ['connected_with', 'outgoing_sip'] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

export interface ExtensionObservation {
  staffId: string;
  destination: string;
  source: ObservationSource;
  /** ISO 8601: the call's start. */
  seenAt: string;
}

export function observeExtension(event: RingostatEvent): ExtensionObservation | undefined {
  const staffId = event.employeeNumber;
  if (!staffId) return undefined;
  if (event.event === 'after-call' && (event.billsec ?? 0) > 0 && event.connectedWith) {
    const destination = toDestination(event.connectedWith);
    if (destination) return { staffId, destination, source: 'connected_with', seenAt: event.callDate };
  }
  if (event.event === 'after-outgoing-call') {
    const destination = toDestination(event.caller);
    if (destination && /[A-Za-z]/.test(destination)) {
      return { staffId, destination, source: 'outgoing_sip', seenAt: event.callDate };
    }
  }
  return undefined;
}

/** Whether `next` should replace `current`: what a call was connected to beats a SIP login; then the newer wins. */
export function supersedes(next: ExtensionObservation, current: ExtensionObservation | undefined): boolean {
  if (!current) return true;
  const rank = (s: ObservationSource) => OBSERVATION_SOURCES.indexOf(s);
  if (rank(next.source) !== rank(current.source)) return rank(next.source) < rank(current.source);
  return next.seenAt >= current.seenAt;
}
