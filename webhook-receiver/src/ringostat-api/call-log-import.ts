import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { AcceptInput, AcceptResult, Inbox } from '../inbox/inbox';
import { parseRingostatEvent } from '../ringostat/parse-ringostat-event';
import type { WebhookEventName } from '../ringostat/ringostat-event';
import type { CallLogRow } from './ringostat-api';

/**
 * Call-history rows → the same inbox the webhooks fill. The call-log field codes are the webhook key
 * contract (ringostat-webhooks.md), so a row goes through the intake's own parser; the inbox dedupes on
 * (event, callId), which is why a call already delivered by webhook is never logged twice.
 *
 * Incoming calls (in / callback / transitin) become `after-call`, outgoing (out / transitout)
 * `after-outgoing-call`. Calls still ringing (`IN PROGRESS`, `CALLING`) are skipped: their after-call
 * webhook or a later reconciliation brings them once they end.
 */

/** The fields /calls/list is asked for: everything the parser reads. */
export const IMPORT_FIELDS = [
  'uniqueid',
  'calldate',
  'caller',
  'dst',
  'call_type',
  'disposition',
  'duration',
  'billsec',
  'waittime',
  'connected_with',
  'employee_number',
  'employee_fio',
  'department',
  'has_recording',
  'recording',
  'call_card',
  'pool_name',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'landing',
  'refferrer',
  'client_id',
  'proper_flag',
  'repeated_flag',
  'employee_mark',
  'scheme_name',
  'duration_ms',
] as const;

/** Without these a row cannot become an inbox event; every other field may be dropped if Ringostat refuses it. */
export const REQUIRED_IMPORT_FIELDS = [
  'uniqueid',
  'calldate',
  'caller',
  'dst',
  'call_type',
  'disposition',
  'billsec',
] as const;

export interface ImportCounts {
  /** Accepted into the inbox for the first time. */
  new: number;
  /** Already in the inbox (delivered by webhook or an earlier import). */
  known: number;
  /** Not importable (still in progress, unknown call type, unreadable); see `problems`. */
  skipped: number;
  /**
   * Delivered by webhook under another id (the call-id guard's "unknown to the call log"): not imported
   * again, which would log the call twice.
   */
  mismatched: number;
}

export interface ImportResult extends ImportCounts {
  /** First few reasons a row was skipped, for the log. */
  problems: string[];
}

const INCOMING = new Set(['in', 'callback', 'transitin']);
const OUTGOING = new Set(['out', 'transitout']);
const IN_PROGRESS = new Set(['IN PROGRESS', 'CALLING']);

/** An inbox that can commit many events in one transaction (SqliteInbox) imports a window with one fsync. */
export type ImportInbox = Inbox & { acceptMany?: (inputs: readonly AcceptInput[]) => AcceptResult[] };

export function emptyCounts(): ImportCounts {
  return { new: 0, known: 0, skipped: 0, mismatched: 0 };
}

export function importCallLog(
  rows: readonly CallLogRow[],
  deps: {
    inbox: ImportInbox;
    timeZone: string;
    receivedAt: Date;
    source: string;
    guard?: Pick<CallIdGuard, 'deliveredAs'>;
  },
): ImportResult {
  const result: ImportResult = { ...emptyCounts(), problems: [] };
  const skip = (message: string) => {
    result.skipped++;
    if (result.problems.length < 10) result.problems.push(message);
  };
  const inputs: AcceptInput[] = [];
  for (const row of rows) {
    const id = String(row.uniqueid ?? '?');
    const disposition = String(row.disposition ?? '').toUpperCase();
    if (IN_PROGRESS.has(disposition)) {
      skip(`${id}: still in progress`);
      continue;
    }
    const event = eventFor(String(row.call_type ?? '').toLowerCase());
    if (!event) {
      skip(`${id}: call_type "${String(row.call_type ?? '')}" is neither incoming nor outgoing`);
      continue;
    }
    const parsed = parseRingostatEvent(event, row, { timeZone: deps.timeZone });
    if (!parsed.ok) {
      skip(`${id}: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
      continue;
    }
    if (deps.guard?.deliveredAs(parsed.event) !== undefined) {
      result.mismatched++;
      continue;
    }
    inputs.push({
      payload: parsed.event,
      raw: { method: 'GET', url: `/calls/list#${deps.source}`, headers: {}, body: JSON.stringify(row) },
      receivedAt: deps.receivedAt,
    });
  }
  const accepted = deps.inbox.acceptMany
    ? deps.inbox.acceptMany(inputs)
    : inputs.map((input) => deps.inbox.accept(input));
  for (const { duplicate } of accepted) {
    if (duplicate) result.known++;
    else result.new++;
  }
  return result;
}

function eventFor(callType: string): WebhookEventName | undefined {
  if (INCOMING.has(callType)) return 'after-call';
  if (OUTGOING.has(callType)) return 'after-outgoing-call';
  return undefined;
}
