/**
 * Checks on the call id a webhook carries. In Webhooks 2.0 the admin picks, for the key `uniqueid`, one
 * item of Ringostat's parameter list, and real payloads show several id-like items — `call_id`,
 * `call_id2`, `cdr_id`, `uniqueid` — plus `unique_call`, which is a 0/1 flag ("unique call"), not an id
 * (notes/ringostat.md §2.4, public receivers). A wrong pick silently doubles every call (webhook and
 * call-log reconciliation disagree on the id) or, with the flag, drops every call after the first as a
 * "duplicate". These pure checks catch the patterns one webhook shows by itself
 * (docs/adr/0111-call-id-guard.md); the reused-id and call-log patterns need memory (../call-ids/).
 *
 * Ringostat's links carry the call's own id: `…/recordings/<uniqueid>.<ogg|mp3|wav|vtt>?token=…` and
 * `…/project/callcards/card/<uniqueid>/?project_id=…` (the official sample response of the call-log API,
 * notes/ringostat.md §2.2 and §2.5; public code parses the id back out of recording links). That the
 * link's id is the call log's `uniqueid` is a guess backed by those samples; the reconciler notices if
 * it is wrong (webhook ids then never match the call log).
 */

export const CALL_ID_PATTERNS = ['flag-value', 'link-mismatch', 'reused-id', 'unknown-to-call-log'] as const;
export type CallIdPattern = (typeof CALL_ID_PATTERNS)[number];

export const PICK_ADVICE =
  'in Ringostat → Webhooks 2.0 set the key "uniqueid" to the call\'s unique ID (the item the call log calls uniqueid), not call_id2, cdr_id, unique_call or the project id';

const RECORDING = /\/recordings\/([^/?#]+?)\.(?:mp3|ogg|wav|vtt)$/i;
const CALL_CARD = /\/callcards\/card\/([^/?#]+)\/?$/i;

export interface CallIdProblem {
  pattern: CallIdPattern;
  message: string;
}

/** Ids embedded in Ringostat links of one webhook (recording, recording_wav, call_card), by key. */
export function linkCallIds(links: Record<string, string | undefined>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [key, link] of Object.entries(links)) {
    if (!link) continue;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      continue;
    }
    if (!/(^|\.)ringostat\.(com|net)$/i.test(url.hostname)) continue;
    const path = decodeURIComponent(url.pathname);
    const id = (RECORDING.exec(path) ?? CALL_CARD.exec(path))?.[1];
    if (id) found[key] = id;
  }
  return found;
}

export function checkCallId(
  callId: string,
  links: Record<string, string | undefined>,
): CallIdProblem | undefined {
  if (callId === '0' || callId === '1') {
    return {
      pattern: 'flag-value',
      message: `"${callId}" is the 0/1 flag unique_call, not a call id: every call after the first would look like a duplicate; ${PICK_ADVICE}`,
    };
  }
  const embedded = linkCallIds(links);
  const ids = [...new Set(Object.values(embedded))];
  if (ids.length > 1) {
    return {
      pattern: 'link-mismatch',
      message: `the Ringostat links name different calls (${Object.entries(embedded)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}); the webhook mixes parameters of two calls`,
    };
  }
  const [linked] = ids;
  if (linked !== undefined && linked !== callId) {
    const key = Object.keys(embedded)[0] ?? 'link';
    return {
      pattern: 'link-mismatch',
      message: `"${callId}" is not the id in the ${key} link ("${linked}"): the call log knows this call as "${linked}", so it would be logged twice; ${PICK_ADVICE}`,
    };
  }
  return undefined;
}
