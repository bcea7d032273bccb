import { DEFAULT_RECORDING_POLICY, recordingUrlAllowed, type RecordingPolicy } from './recording-hosts';

/**
 * Which state the recording player shows for a call. Pure, so the rule is tested without a browser.
 *
 * Ringostat links look like https://app.ringostat.com/recordings/<uniqueid>.mp3?token=… and may not
 * exist yet when the after-call webhook fires (see /work/shared ringostat-webhooks.md, "Recording
 * links"). Only https links on an allowed host (recording-hosts.ts) are ever handed to <audio> or a
 * link: a `javascript:` or `data:` value, or a link to any other server, in ringo_recordingurl is
 * refused, whoever wrote it — the player would otherwise call that server from the agent's browser.
 */
export const CallResult = { answered: 107350000, missed: 107350001 } as const;

export interface RecordingInput {
  readonly recordingUrl: string | null | undefined;
  readonly callResult: number | null | undefined;
  readonly callCardUrl?: string | null | undefined;
}

export type RecordingState =
  | { readonly kind: 'missed' }
  | { readonly kind: 'not-ready' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'playable'; readonly url: string };

/** The URL if it is an absolute http(s) URL, else null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

export function recordingState(
  input: RecordingInput,
  policy: RecordingPolicy = DEFAULT_RECORDING_POLICY,
): RecordingState {
  const raw = input.recordingUrl?.trim();
  if (!raw) return input.callResult === CallResult.missed ? { kind: 'missed' } : { kind: 'not-ready' };
  const url = safeHttpUrl(raw);
  if (!url) return { kind: 'refused', reason: `not an http(s) URL: ${raw.slice(0, 40)}` };
  if (!recordingUrlAllowed(new URL(url), policy)) {
    return { kind: 'refused', reason: `not an https link on an allowed recording host: ${raw.slice(0, 40)}` };
  }
  return { kind: 'playable', url };
}
