import type { ParseProblem } from './parse-ringostat-event';

/**
 * Bounds every webhook must meet at intake (docs/adr/0086-intake-bounds.md). A value outside them is a
 * 400 naming the field, kept in the rejected table — never a 200 for an event the worker cannot write.
 * Pure: the clock comes in as `now`.
 *
 * - `uniqueid`: 1–100 characters (phonecall.ringo_callid is a 100-character column, DESIGN.md §4), only
 *   printable ASCII 0x21–0x7E. Real ids look like `ua18_-1791545397.2215926`. Printable characters that
 *   are unsafe in an alternate-key URL (`/ < > * % & : \ ? + #`) are accepted here: the Dataverse gateway
 *   never puts such a key literal into a URL.
 * - seconds (`billsec`, `duration`, `waittime`): 0 to one day.
 * - `calldate`: from 2000-01-01 to one day after `now` (clock skew and time zones fit in a day).
 * - nesting: at most MAX_JSON_DEPTH levels of objects and lists (the JSON body, or a JSON text in a form
 *   field such as `additional_call_data`); deeper input is refused before anything walks it recursively.
 */
export const MAX_CALL_ID = 100;
export const MAX_SECONDS = 86_400;
export const EARLIEST_CALL = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
/** Ringostat nests one level (`additional_call_data`), json-rpc one more (`params`): eight is ample. */
export const MAX_JSON_DEPTH = 8;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export interface BoundedFields {
  callId: string | undefined;
  /** ISO 8601 instant, as the parser made it. */
  callDate: string | undefined;
  seconds: Record<string, number | undefined>;
}

export function intakeBoundsProblems(fields: BoundedFields, now?: Date): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const id = fields.callId;
  if (id !== undefined && id.length > MAX_CALL_ID) {
    problems.push({ field: 'uniqueid', message: `longer than ${MAX_CALL_ID} characters` });
  } else if (id !== undefined && !PRINTABLE_ASCII.test(id)) {
    problems.push({
      field: 'uniqueid',
      message:
        'may hold only printable ASCII characters (no spaces, control characters or letters outside ASCII)',
    });
  }
  for (const [field, value] of Object.entries(fields.seconds)) {
    if (value !== undefined && (value < 0 || value > MAX_SECONDS)) {
      problems.push({ field, message: `${value} seconds is outside 0–${MAX_SECONDS} (one day)` });
    }
  }
  if (fields.callDate !== undefined) {
    const at = Date.parse(fields.callDate);
    const latest = now ? now.getTime() + DAY_MS : Number.POSITIVE_INFINITY;
    if (!(at >= EARLIEST_CALL && at <= latest)) {
      problems.push({
        field: 'calldate',
        message: `${fields.callDate} is outside 2000-01-01 to one day from now; check the webhook's date format`,
      });
    }
  }
  return problems;
}

/** Parameters nested deeper than MAX_JSON_DEPTH, one problem per top-level key. */
export function nestingProblems(params: Record<string, unknown>): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (const key of Object.keys(params)) {
    if (exceedsDepth(params[key], MAX_JSON_DEPTH - 1)) {
      problems.push({ field: key, message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    }
  }
  return problems;
}

/**
 * True when `value` holds objects or lists nested more than `max` levels deep (a scalar is 0, `{}` is 1).
 * Walks with an explicit stack, so hostile input cannot overflow the call stack, and stops at the first
 * branch that is too deep.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
    }
  }
  return false;
}
