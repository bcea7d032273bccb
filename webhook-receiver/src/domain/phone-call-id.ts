import { createHash } from 'node:crypto';

/**
 * The activityid the receiver gives the phone call of a Ringostat call: a name-based UUID (RFC 9562
 * version 5) of the call id. Every attempt for one call names the same record, so the id can be handed
 * to ringo_OnCallLogged inside the very changeset that creates the call (an unbound action cannot
 * reference a `$n` Content-ID), and a retried create can never produce a second record.
 */
const NAMESPACE = Buffer.from('6f3e1c52b0a44b8f9d7e2a61c4f08b35', 'hex');

export function phoneCallIdFor(callId: string): string {
  return nameBasedId(NAMESPACE, callId);
}

/** RFC 9562 version-5 UUID of `name` in `namespace` (16 bytes). */
export function nameBasedId(namespace: Buffer, name: string): string {
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
