import type { CallSettings } from '../domain/call-settings';
import { callAiNoteIdFor, planCallAi, type TranscriptOutcome } from '../domain/plan-call-ai';
import type { CallAiGateway } from '../dataverse/web-api-call-ai';
import type { TranscriptResult } from '../ringostat-api/transcript-fetch';
import type { CallAiEvent } from '../ringostat/call-ai-event';
import { isCallAi } from '../ringostat/inbox-payload';
import type { Task } from './worker';

/**
 * The AI analysis of a call reaches its phone call exactly once, whichever arrives first
 * (docs/adr/0114-ai-analysis-on-the-phone-call.md):
 * - AI after the after-call (the usual order: the analysis takes a while): the call-ai entry finds the
 *   phone call and attaches the analysis;
 * - AI before the after-call: there is no phone call yet, so the entry completes as "waiting"; when the
 *   after-call of the same call has logged the phone call, its task attaches the waiting analysis
 *   (`afterLogged`). The inbox hands out the events of one call one at a time, in arrival order.
 * The note's deterministic id makes every repeat "already attached".
 */

export interface CallAiWriterDeps {
  gateway: CallAiGateway;
  fetchTranscript: (url: string) => Promise<TranscriptResult>;
  settings: () => Pick<CallSettings, 'language'>;
}

export type CallAiOutcome =
  | { kind: 'attached'; activityid: string; transcript: TranscriptOutcome['kind'] }
  | { kind: 'already-attached'; activityid: string }
  | { kind: 'no-call' };

export function createCallAiWriter(deps: CallAiWriterDeps) {
  return async function writeCallAi(event: CallAiEvent): Promise<CallAiOutcome> {
    const target = await deps.gateway.find(event.callId, callAiNoteIdFor(event.callId));
    if (target.kind === 'no-call') return { kind: 'no-call' };
    if (target.kind === 'attached') return { kind: 'already-attached', activityid: target.activityid };
    // Fetched only once a call is there to take it: a transient failure throws and the event is retried.
    const transcript = await transcriptOf(event, deps.fetchTranscript);
    const plan = planCallAi(event, transcript, deps.settings().language);
    const written = await deps.gateway.attach(plan, target.call);
    return written === 'attached'
      ? { kind: 'attached', activityid: target.call.activityid, transcript: transcript.kind }
      : { kind: 'already-attached', activityid: target.call.activityid };
  };
}

export type CallAiWriter = ReturnType<typeof createCallAiWriter>;

async function transcriptOf(
  event: CallAiEvent,
  fetchTranscript: CallAiWriterDeps['fetchTranscript'],
): Promise<TranscriptOutcome> {
  if (event.transcript !== undefined) return { kind: 'text', text: event.transcript };
  if (event.transcriptUrl === undefined) return { kind: 'none' };
  const fetched = await fetchTranscript(event.transcriptUrl);
  return fetched.ok ? { kind: 'text', text: fetched.text } : { kind: 'failed', reason: fetched.reason };
}

export function describeCallAi(outcome: CallAiOutcome): string {
  switch (outcome.kind) {
    case 'attached':
      return `AI analysis attached to phonecall ${outcome.activityid}${outcome.transcript === 'failed' ? ' (without the transcript, see the note)' : ''}`;
    case 'already-attached':
      return `AI analysis already attached to phonecall ${outcome.activityid}; left as it is`;
    case 'no-call':
      return 'waiting for the after-call of this call: the AI analysis is written with it';
  }
}

/** The worker's task for call-ai entries. */
export function createCallAiTask(write: CallAiWriter): Task {
  return async (entry, helpers) => {
    if (!isCallAi(entry.payload)) throw new TypeError(`inbox entry ${entry.id} is not a call-ai event`);
    for (const warning of entry.payload.warnings ?? []) helpers.log.info({ inboxId: entry.id }, warning);
    return describeCallAi(await write(entry.payload));
  };
}

/**
 * After an after-call logged its phone call: attach the AI analysis that arrived before it, if any.
 * Returns a phrase for the after-call's outcome line.
 */
export function createAfterLogged(
  findCallAi: (callId: string) => CallAiEvent | undefined,
  write: CallAiWriter,
): (callId: string) => Promise<string | undefined> {
  return async (callId) => {
    const waiting = findCallAi(callId);
    if (!waiting) return undefined;
    const outcome = await write(waiting);
    return outcome.kind === 'no-call' ? undefined : describeCallAi(outcome);
  };
}
