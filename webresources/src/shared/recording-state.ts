import { CallResult, HasRecording } from './call-outcome';
import { DEFAULT_RECORDING_POLICY, recordingUrlAllowed, type RecordingPolicy } from './recording-hosts';

export { CallResult } from './call-outcome';

/**
 * Which state the recording player shows for a call. Pure, so the rules are tested without a browser.
 *
 * Ringostat links look like https://app.ringostat.com/recordings/<uniqueid>.mp3?token=… and may not exist
 * yet when the after-call webhook fires (ringostat-webhooks.md, "Recording links"); `has_recording` "0"
 * means there is no file. So a call without a link is "not ready" only within NOT_READY_MINUTES of its
 * end — a guess at Ringostat's delay (docs/adr/0101) — and "no recording" after that, or at once when the
 * call was not answered or Ringostat said it recorded nothing. Only https links on an allowed host
 * (recording-hosts.ts) are ever handed to <audio> or a link: a `javascript:` or `data:` value, or a link to
 * any other server, in ringo_recordingurl is refused, whoever wrote it — the player would otherwise call
 * that server from the agent's browser. "Expired" is not decided here: a link that no longer plays shows
 * up as a media error in the player.
 */
export const NOT_READY_MINUTES = 60;

export interface RecordingInput {
  readonly recordingUrl: string | null | undefined;
  readonly callResult: number | null | undefined;
  readonly callCardUrl?: string | null | undefined;
  readonly outgoing?: boolean | null | undefined;
  /** ringo_hasrecording (HasRecording), null/undefined when Ringostat did not say. */
  readonly hasRecording?: number | null | undefined;
  /** When the call ended (actualend), else started (actualstart), ISO 8601. */
  readonly endedAt?: string | null | undefined;
}

export type NoRecordingReason = 'missed' | 'not-answered' | 'not-recorded';

export type RecordingState =
  | { readonly kind: 'none'; readonly reason: NoRecordingReason }
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
  now: Date = new Date(),
  policy: RecordingPolicy = DEFAULT_RECORDING_POLICY,
): RecordingState {
  const raw = input.recordingUrl?.trim();
  if (raw) {
    const url = safeHttpUrl(raw);
    if (!url) return { kind: 'refused', reason: `not an http(s) URL: ${raw.slice(0, 40)}` };
    if (!recordingUrlAllowed(new URL(url), policy)) {
      return {
        kind: 'refused',
        reason: `not an https link on an allowed recording host: ${raw.slice(0, 40)}`,
      };
    }
    return { kind: 'playable', url };
  }
  if (input.callResult === CallResult.missed)
    return { kind: 'none', reason: input.outgoing ? 'not-answered' : 'missed' };
  if (input.hasRecording === HasRecording.no) return { kind: 'none', reason: 'not-recorded' };
  const ended = Date.parse(input.endedAt ?? '');
  const late = Number.isFinite(ended) && now.getTime() - ended > NOT_READY_MINUTES * 60_000;
  return late ? { kind: 'none', reason: 'not-recorded' } : { kind: 'not-ready' };
}
