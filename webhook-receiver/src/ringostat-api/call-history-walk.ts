import {
  emptyCounts,
  importCallLog,
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ImportCounts,
  type ImportInbox,
} from './call-log-import';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { RingostatApi } from './ringostat-api';
import { RingostatApiError } from './ringostat-api-error';

/**
 * Walks a period of Ringostat's call history into the inbox in windows small enough for /calls/list,
 * which returns at most 6,500 calls per request and has no paging (HC uk/6312678). The window adapts
 * (docs/adr/0060-call-history-limit.md): it is halved whenever Ringostat refuses a window as too large
 * *or* returns `limit` rows or more (the real API may truncate silently), and doubled back towards the
 * starting size after a sparse window. `from` and `to` are inclusive, in whole seconds.
 */

export const CALL_LIMIT = 6500;
const SECOND = 1000;

export interface WalkProgress extends ImportCounts {
  /** Milliseconds of the period covered so far, and in all. */
  doneMs: number;
  totalMs: number;
  requests: number;
}

export interface WalkOptions {
  api: RingostatApi;
  inbox: ImportInbox;
  from: Date;
  to: Date;
  timeZone: string;
  /** Time stamped on imported inbox rows (from the injected clock). */
  now: () => Date;
  source: string;
  /** First window size. Default: the whole period, capped at one day. */
  windowMs?: number;
  limit?: number;
  onProgress?: (progress: WalkProgress) => void;
  /** Skip reasons go here (the first few per window). */
  onProblem?: (message: string) => void;
  /** Calls the webhooks delivered under another id are not imported again (../call-ids/). */
  guard?: Pick<CallIdGuard, 'deliveredAs'>;
}

export async function walkCallHistory(options: WalkOptions): Promise<WalkProgress> {
  const limit = options.limit ?? CALL_LIMIT;
  const start = floorSecond(options.from.getTime());
  const end = floorSecond(options.to.getTime());
  if (end < start) throw new RangeError(`the period ends (${options.to.toISOString()}) before it starts`);
  const largest = Math.max(
    SECOND,
    floorSecond(options.windowMs ?? Math.min(end - start + SECOND, 86_400_000)),
  );
  const progress: WalkProgress = { ...emptyCounts(), doneMs: 0, totalMs: end - start + SECOND, requests: 0 };

  let cursor = start;
  let window = largest;
  while (cursor <= end) {
    const windowEnd = Math.min(cursor + window - SECOND, end);
    progress.requests++;
    const rows = await options.api
      .listCalls({
        from: new Date(cursor),
        to: new Date(windowEnd),
        fields: IMPORT_FIELDS,
        required: REQUIRED_IMPORT_FIELDS,
      })
      .catch((error: unknown) => {
        if (error instanceof RingostatApiError && error.kind === 'limit') return undefined;
        throw error;
      });
    if (rows === undefined || rows.length >= limit) {
      if (windowEnd === cursor) {
        throw new RingostatApiError(
          'limit',
          '/calls/list',
          `more than ${limit} calls start within one second at ${new Date(cursor).toISOString()}; the call history cannot be split further`,
        );
      }
      window = Math.max(SECOND, floorSecond((windowEnd - cursor + SECOND) / 2));
      continue;
    }
    const imported = importCallLog(rows, {
      inbox: options.inbox,
      timeZone: options.timeZone,
      receivedAt: options.now(),
      source: options.source,
      ...(options.guard ? { guard: options.guard } : {}),
    });
    progress.new += imported.new;
    progress.mismatched += imported.mismatched;
    progress.known += imported.known;
    progress.skipped += imported.skipped;
    for (const problem of imported.problems) options.onProblem?.(problem);
    cursor = windowEnd + SECOND;
    progress.doneMs = Math.min(progress.totalMs, cursor - start);
    options.onProgress?.({ ...progress });
    if (rows.length < limit / 4) window = Math.min(largest, window * 2);
  }
  return progress;
}

function floorSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}
