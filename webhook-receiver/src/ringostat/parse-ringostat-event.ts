import { checkCallId, type CallIdPattern } from './call-id-checks';
import { flattenParams } from './flatten-params';
import { intakeBoundsProblems, nestingProblems } from './intake-bounds';
import { parseCallDate } from './parse-call-date';
import {
  clip,
  readFlag,
  readHttpUrl,
  readSeconds,
  readText,
  splitSipCaller,
  type Read,
} from './lenient-values';
import { ATTRIBUTION_KEYS, readAttribution } from './read-attribution';
import { unwrapJsonRpc } from './unwrap-json-rpc';
import { CALL_TYPES, type CallType, type RingostatEvent, type WebhookEventName } from './ringostat-event';

/**
 * Webhook parameters → `RingostatEvent`. Lenient about how values are written, strict about what each
 * event needs (the key contract: ../../../docs/webhook-parameters.md). Every problem is reported, not
 * just the first, so an admin fixes the Ringostat webhook in one pass. Pure: no clock, no I/O.
 */

export interface ParseProblem {
  /** The webhook key at fault, as the admin typed it in Ringostat (`billsec`, `recording`, …). */
  field: string;
  message: string;
  /** Set when the problem is a sign of a wrong list item behind the `uniqueid` key (call-id-checks.ts). */
  pattern?: CallIdPattern;
}

export type ParseResult = { ok: true; event: RingostatEvent } | { ok: false; problems: ParseProblem[] };

export interface ParseOptions {
  /** IANA zone for dates without an offset (RINGOSTAT_TIMEZONE). */
  timeZone: string;
  /** When the webhook arrived: `calldate` may not be later than a day after it (intake-bounds.ts). */
  now?: Date;
}

const REQUIRED_ALWAYS = ['uniqueid', 'calldate', 'caller', 'dst'] as const;
const REQUIRED_AFTER_CALL = ['disposition', 'billsec'] as const;
const REQUIRED_AFTER: readonly string[] = [...REQUIRED_ALWAYS, ...REQUIRED_AFTER_CALL];
const INCOMING_TYPES: readonly string[] = ['in', 'callback', 'transitin'];
const OUTGOING_TYPES: readonly string[] = ['out', 'transitout'];

/** Keys the contract names; everything else goes to `extra`. `token` is a credential and is dropped. */
const KNOWN = new Set([
  ...REQUIRED_ALWAYS,
  ...REQUIRED_AFTER_CALL,
  'call_type',
  'duration',
  'waittime',
  'employee_number',
  'employee_fio',
  'employee_email',
  'connected_with',
  'department',
  'has_recording',
  'recording',
  'recording_wav',
  'call_card',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  ...ATTRIBUTION_KEYS,
  'token',
]);

export function parseRingostatEvent(
  event: WebhookEventName,
  params: Record<string, unknown>,
  options: ParseOptions,
): ParseResult {
  const unwrapped = unwrapJsonRpc(params);
  if (!unwrapped.ok) return { ok: false, problems: [{ field: 'params', message: unwrapped.message }] };
  const flat = flattenParams(unwrapped.params);
  const tooDeep = nestingProblems(flat);
  if (tooDeep.length > 0) return { ok: false, problems: tooDeep };
  // Methods rather than closures: closures made per webhook cost allocations (and a name each under tsx).
  const fields = new FieldReader(flat);
  const problems = fields.problems;
  const warnings: string[] = [];

  const required: readonly string[] = event === 'before-call' ? REQUIRED_ALWAYS : REQUIRED_AFTER;
  const values = {
    uniqueid: fields.text('uniqueid'),
    calldate: fields.text('calldate'),
    caller: fields.text('caller'),
    dst: fields.text('dst'),
    disposition: fields.text('disposition')?.toUpperCase(),
    billsec: fields.seconds('billsec'),
  };
  for (const field of required) {
    const reported = problems.some((p) => p.field === field);
    if (values[field as keyof typeof values] === undefined && !reported) {
      problems.push({ field, message: `required on ${event} webhooks, but missing or empty` });
    }
  }

  let callDate: string | undefined;
  if (values.calldate !== undefined) {
    const date = parseCallDate(values.calldate, options.timeZone);
    if (date.ok) callDate = date.iso;
    else problems.push({ field: 'calldate', message: date.message });
  }

  const extra: Record<string, string> = {};
  const rawCallType = fields.text('call_type')?.toLowerCase();
  const callType = (CALL_TYPES as readonly string[]).includes(rawCallType ?? '')
    ? (rawCallType as CallType)
    : undefined;
  if (rawCallType !== undefined && callType === undefined) {
    extra.call_type = rawCallType;
    warnings.push(`call_type "${clip(rawCallType)}" is not one Ringostat documents; kept in extra`);
  }
  const expected = event === 'after-outgoing-call' ? OUTGOING_TYPES : INCOMING_TYPES;
  if (callType && !expected.includes(callType)) {
    warnings.push(`call_type "${callType}" on the ${event} URL; the URL decides the direction`);
  }

  const recordingUrl = fields.take('recording', readHttpUrl) ?? fields.take('recording_wav', readHttpUrl);
  const callCardUrl = fields.take('call_card', readHttpUrl);
  const recordingWav = flat.recording_wav === flat.recording ? undefined : readHttpUrl(flat.recording_wav);
  const idProblem = values.uniqueid
    ? checkCallId(values.uniqueid, {
        recording: recordingUrl,
        recording_wav: recordingWav?.ok ? recordingWav.value : undefined,
        call_card: callCardUrl,
      })
    : undefined;
  if (idProblem) problems.push({ field: 'uniqueid', message: idProblem.message, pattern: idProblem.pattern });
  const hasRecording = fields.take('has_recording', readFlag);
  const sip = values.caller !== undefined ? splitSipCaller(values.caller) : undefined;

  const utm = {
    source: fields.text('utm_source'),
    medium: fields.text('utm_medium'),
    campaign: fields.text('utm_campaign'),
    term: fields.text('utm_term'),
    content: fields.text('utm_content'),
  };
  const optional = {
    callType,
    disposition: values.disposition,
    billsec: values.billsec,
    duration: fields.seconds('duration'),
    waittime: fields.seconds('waittime'),
    employeeNumber: fields.text('employee_number'),
    employeeFio: fields.text('employee_fio'),
    employeeEmail: fields.text('employee_email'),
    connectedWith: fields.text('connected_with'),
    department: fields.text('department'),
    hasRecording,
    recordingUrl,
    callCardUrl,
    callerName: sip?.callerName,
  };
  const attribution = readAttribution(flat);
  Object.assign(extra, attribution.extra);
  warnings.push(...attribution.warnings);

  for (const key of Object.keys(flat)) {
    if (KNOWN.has(key) || extra[key] !== undefined) continue;
    const kept = keepExtra(flat[key]);
    if (kept !== undefined) extra[key] = kept;
  }

  const seconds = { billsec: values.billsec, duration: optional.duration, waittime: optional.waittime };
  problems.push(...intakeBoundsProblems({ callId: values.uniqueid, callDate, seconds }, options.now));
  if (problems.length > 0 || !values.uniqueid || !callDate || !sip || !values.dst) {
    return { ok: false, problems: inContractOrder(problems) };
  }
  const parsed: RingostatEvent = {
    event,
    callId: values.uniqueid,
    callDate,
    caller: sip.caller,
    dst: values.dst,
    ...defined(optional),
    ...attribution.attribution,
    utm: defined(utm),
    extra,
  };
  if (warnings.length > 0) parsed.warnings = warnings;
  return { ok: true, event: parsed };
}

/** Reads one webhook's fields and collects every problem on the way. */
class FieldReader {
  readonly problems: ParseProblem[] = [];

  constructor(private readonly flat: Record<string, unknown>) {}

  take<T>(field: string, read: (value: unknown) => Read<T>): T | undefined {
    const result = read(this.flat[field]);
    if (result.ok) return result.value;
    this.problems.push({ field, message: result.message });
    return undefined;
  }

  text(field: string): string | undefined {
    return this.take(field, readText);
  }

  seconds(field: string): number | undefined {
    return this.take(field, readSeconds);
  }
}

/** Problems listed in the order of the key table, as an admin reads it in docs/webhook-parameters.md. */
function inContractOrder(problems: ParseProblem[]): ParseProblem[] {
  const order = [...KNOWN];
  const rank = (p: ParseProblem) => {
    const i = order.indexOf(p.field);
    return i < 0 ? order.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** Unknown keys are kept as text; nested values as JSON. Absent values are dropped. */
function keepExtra(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  const text = readText(value);
  return text.ok ? text.value : undefined;
}

/** Drops undefined members, so optional properties are absent rather than `undefined` (exactOptionalPropertyTypes). */
function defined<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // A plain loop: this runs on every webhook, and entries/filter/fromEntries allocate three arrays.
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    if (value !== undefined) kept[key] = value;
  }
  return kept as { [K in keyof T]?: Exclude<T[K], undefined> };
}
