import { checkCallId } from './call-id-checks';
import type { CallAiEvent } from './call-ai-event';
import { flattenParams } from './flatten-params';
import { intakeBoundsProblems, MAX_CALL_ID, nestingProblems } from './intake-bounds';
import { readHttpUrl, readText } from './lenient-values';
import type { ParseProblem } from './parse-ringostat-event';
import { unwrapJsonRpc } from './unwrap-json-rpc';

/**
 * Webhook parameters of "Call processed by AI" → `CallAiEvent`. Lenient about how values are written
 * (recommendations may come as a JSON list), strict about what makes the event useful: the call id and
 * at least one AI value. Text is clipped to what the phone-call columns hold, with a warning. Pure.
 */

export type CallAiParseResult = { ok: true; event: CallAiEvent } | { ok: false; problems: ParseProblem[] };

/** Our keys → event fields; the aliases are what an admin may reasonably type for the same list item. */
const KEYS = {
  summary: ['ai_summary'],
  clientMood: ['ai_client_mood', 'ai_customer_mood'],
  employeeMood: ['ai_employee_mood'],
  overallMood: ['ai_overall_mood'],
  recommendations: ['ai_recommendations'],
} as const;
/** Column sizes of the AI columns on phonecall (solution/customizations.xml). */
export const AI_LIMITS = {
  summary: 10_000,
  clientMood: 1000,
  employeeMood: 1000,
  overallMood: 4000,
  recommendations: 10_000,
} as const;
/** An inline transcript larger than this is not a transcript of a phone call. */
export const MAX_TRANSCRIPT_CHARS = 2_000_000;
const KNOWN = new Set(['uniqueid', 'token', 'ai_transcript', ...Object.values(KEYS).flat()]);

export function parseCallAiEvent(params: Record<string, unknown>): CallAiParseResult {
  const unwrapped = unwrapJsonRpc(params);
  if (!unwrapped.ok) return { ok: false, problems: [{ field: 'params', message: unwrapped.message }] };
  const flat = flattenParams(unwrapped.params);
  const tooDeep = nestingProblems(flat);
  if (tooDeep.length > 0) return { ok: false, problems: tooDeep };
  const problems: ParseProblem[] = [];
  const warnings: string[] = [];

  const id = readText(flat.uniqueid);
  const callId = id.ok ? id.value : undefined;
  if (!id.ok) problems.push({ field: 'uniqueid', message: id.message });
  else if (!callId)
    problems.push({ field: 'uniqueid', message: 'required on call-ai webhooks, but missing or empty' });
  else if (callId.length > MAX_CALL_ID)
    problems.push({ field: 'uniqueid', message: `longer than ${MAX_CALL_ID} characters` });
  else problems.push(...intakeBoundsProblems({ callId, callDate: undefined, seconds: {} }));

  const event: CallAiEvent = { event: 'call-ai', callId: callId ?? '', extra: {} };
  for (const [field, keys] of Object.entries(KEYS) as Array<[keyof typeof KEYS, readonly string[]]>) {
    const key: string = keys.find((k) => flat[k] !== undefined) ?? keys[0] ?? field;
    const value = readAiText(flat[key]);
    if (!value.ok) {
      problems.push({ field: key, message: value.message });
      continue;
    }
    if (value.text === undefined) continue;
    const limit = AI_LIMITS[field];
    event[field] = value.text.length > limit ? `${value.text.slice(0, limit - 1)}…` : value.text;
    if (value.text.length > limit) warnings.push(`${key}: longer than ${limit} characters; clipped`);
  }

  const transcript = readText(flat.ai_transcript);
  if (!transcript.ok) problems.push({ field: 'ai_transcript', message: transcript.message });
  else if (transcript.value?.startsWith('WEBVTT')) {
    if (transcript.value.length > MAX_TRANSCRIPT_CHARS)
      problems.push({
        field: 'ai_transcript',
        message: `an inline transcript longer than ${MAX_TRANSCRIPT_CHARS} characters`,
      });
    else event.transcript = transcript.value;
  } else if (transcript.value !== undefined) {
    const link = readHttpUrl(transcript.value);
    if (link.ok && link.value) event.transcriptUrl = link.value;
    else
      problems.push({
        field: 'ai_transcript',
        message: 'expected a link to the .vtt file (http or https) or the WEBVTT text itself',
      });
  }

  if (callId) {
    const idProblem = checkCallId(callId, { ai_transcript: event.transcriptUrl });
    if (idProblem)
      problems.push({ field: 'uniqueid', message: idProblem.message, pattern: idProblem.pattern });
  }
  const hasAi =
    event.transcript !== undefined ||
    event.transcriptUrl !== undefined ||
    (Object.keys(KEYS) as Array<keyof typeof KEYS>).some((f) => event[f] !== undefined);
  if (!hasAi && problems.length === 0) {
    problems.push({
      field: 'ai_summary',
      message: `a call-ai webhook without any AI parameter; send at least one of ${[...Object.values(KEYS).flat(), 'ai_transcript'].join(', ')}`,
    });
  }
  for (const key of Object.keys(flat)) {
    if (KNOWN.has(key)) continue;
    const kept = readText(flat[key]);
    if (kept.ok && kept.value !== undefined) event.extra[key] = kept.value;
    else if (typeof flat[key] === 'object' && flat[key] !== null)
      event.extra[key] = JSON.stringify(flat[key]);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (warnings.length > 0) event.warnings = warnings;
  return { ok: true, event };
}

/** Text, or a JSON list of texts (one per line). */
function readAiText(value: unknown): { ok: true; text?: string } | { ok: false; message: string } {
  let list: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch {
      list = value;
    }
  }
  if (Array.isArray(list)) {
    const lines = list.map((item) => readText(item)).filter((r) => r.ok && r.value !== undefined);
    const text = lines.map((r) => (r.ok ? r.value : '')).join('\n');
    return text ? { ok: true, text } : { ok: true };
  }
  const read = readText(list);
  if (!read.ok) return read;
  return read.value === undefined ? { ok: true } : { ok: true, text: read.value };
}
