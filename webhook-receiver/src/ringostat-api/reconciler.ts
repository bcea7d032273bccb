import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import { walkCallHistory } from './call-history-walk';
import type { ImportCounts, ImportInbox } from './call-log-import';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { RingostatApi } from './ringostat-api';
import { createPeriodicJob } from './periodic-job';
import { coerceError } from './ringostat-api-error';
import { ringostatMetrics } from './ringostat-metrics';

/**
 * Every `intervalMs` (default 15 min) reads the last `lookbackMs` (default 24 h) of Ringostat's call
 * history and puts every finished call into the inbox; the inbox's (event, callId) dedupe turns the
 * calls the webhooks already delivered into "known", so `new` counts exactly what the webhooks missed.
 * The newest `settleMs` (default 5 min) are left to the webhooks, which normally arrive within seconds.
 * Why these defaults: docs/adr/0061-reconciliation-window.md. Runs never overlap; a failed run is
 * reported in status() and metrics and the next tick tries again.
 */

export interface ReconcilerOptions {
  api: RingostatApi;
  inbox: ImportInbox;
  clock: Clock;
  registry?: Registry;
  timeZone?: string;
  intervalMs?: number;
  lookbackMs?: number;
  settleMs?: number;
  onError?: (error: Error) => void;
  /** Keeps a call the webhooks delivered under another id from being imported twice. */
  guard?: Pick<CallIdGuard, 'deliveredAs'>;
}

export interface ReconcilerStatus {
  running: boolean;
  intervalMs: number;
  lookbackMs: number;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Counts of the last successful run: new = enqueued because the webhooks missed them. */
  lastCounts: ImportCounts | null;
  totals: ImportCounts;
}

export interface Reconciler {
  start(): void;
  stop(): Promise<void>;
  /** One reconciliation now; resolves with its counts (rejects when the API fails). */
  runOnce(): Promise<ImportCounts>;
  status(): ReconcilerStatus;
}

export const RECONCILE_INTERVAL_MS = 15 * 60_000;
export const RECONCILE_LOOKBACK_MS = 24 * 3_600_000;
export const RECONCILE_SETTLE_MS = 5 * 60_000;

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const intervalMs = options.intervalMs ?? RECONCILE_INTERVAL_MS;
  const lookbackMs = options.lookbackMs ?? RECONCILE_LOOKBACK_MS;
  const settleMs = options.settleMs ?? RECONCILE_SETTLE_MS;
  const metrics = options.registry ? ringostatMetrics(options.registry) : undefined;
  const totals: ImportCounts = { new: 0, known: 0, skipped: 0, mismatched: 0 };
  const state = {
    lastRunAt: null as string | null,
    lastSuccessAt: null as string | null,
    lastError: null as string | null,
  };
  let lastCounts: ImportCounts | null = null;

  async function reconcile(): Promise<ImportCounts> {
    const now = options.clock.now();
    state.lastRunAt = now.toISOString();
    metrics?.reconciliationLastRun.set(now.getTime() / 1000);
    try {
      const to = new Date(now.getTime() - settleMs);
      const walked = await walkCallHistory({
        api: options.api,
        inbox: options.inbox,
        from: new Date(to.getTime() - lookbackMs),
        to,
        timeZone: options.timeZone ?? 'Europe/Kyiv',
        now: () => options.clock.now(),
        source: 'reconciliation',
        // One request for the whole look-back when it fits (bounds are inclusive: + 1 s).
        windowMs: lookbackMs + 1000,
        ...(options.guard ? { guard: options.guard } : {}),
      });
      const counts = {
        new: walked.new,
        known: walked.known,
        skipped: walked.skipped,
        mismatched: walked.mismatched,
      };
      for (const key of ['new', 'known', 'skipped', 'mismatched'] as const) {
        totals[key] += counts[key];
        metrics?.reconciliationCalls.inc({ result: key }, counts[key]);
      }
      lastCounts = counts;
      state.lastSuccessAt = options.clock.now().toISOString();
      state.lastError = null;
      metrics?.reconciliationRuns.inc({ outcome: 'ok' });
      metrics?.reconciliationLastSuccess.set(options.clock.now().getTime() / 1000);
      return counts;
    } catch (error) {
      const e = coerceError(error);
      state.lastError = e.message;
      metrics?.reconciliationRuns.inc({ outcome: 'failed' });
      throw e;
    }
  }

  const job = createPeriodicJob(reconcile, intervalMs, options.onError);

  return {
    start: job.start,
    stop: job.stop,
    runOnce: job.runOnce,
    status: () => ({
      running: job.started(),
      intervalMs,
      lookbackMs,
      ...state,
      lastCounts,
      totals: { ...totals },
    }),
  };
}
