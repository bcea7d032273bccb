import { Counter, type Registry } from 'prom-client';
import type { Clock } from '../clock';
import { CALL_ID_PATTERNS, PICK_ADVICE, type CallIdPattern } from '../ringostat/call-id-checks';
import type { ParseProblem } from '../ringostat/parse-ringostat-event';
import { isCallAi, type InboxPayload } from '../ringostat/inbox-payload';
import type { RingostatEvent } from '../ringostat/ringostat-event';
import { differenceBetween, fingerprintOf, MATCH_WINDOW_MS, type CallFingerprint } from './call-fingerprint';
import type { CallIdStore } from './sqlite-call-id-store';

/**
 * The call-id guard (docs/adr/0111-call-id-guard.md): every sign that the `uniqueid` key carries the
 * wrong Ringostat list item is refused or flagged loudly — in the admin API (`recent()`), in /metrics
 * (`ringostat_call_id_guard_total{pattern}`) and in the log — and never turns into a silently dropped or
 * doubled call:
 * - flag-value, link-mismatch: seen by the parser in one webhook (../ringostat/call-id-checks.ts); the
 *   intake refuses with 400 and keeps the request (`refused` counts them here);
 * - reused-id: an id already stored for a different call (another number, direction or time) — the
 *   intake refuses the second call with 400 and keeps it, instead of dropping it as a "duplicate";
 * - unknown-to-call-log: a call from Ringostat's call log that the webhooks delivered under another id —
 *   the reconciler does not import it again (`deliveredAs`), which would double it, and flags it.
 */

export interface GuardFlag {
  at: string;
  pattern: CallIdPattern;
  event: string;
  callId: string;
  detail: string;
}

export interface CallIdGuard {
  /** A problem when this id already belongs to another call. */
  check(event: InboxPayload): ParseProblem | undefined;
  /** Remembers an event the intake committed (not a duplicate). */
  accepted(event: InboxPayload, receivedAt: Date): void;
  /** Counts the guard's patterns among the problems of a refused webhook. */
  refused(event: string, callId: string | undefined, problems: readonly ParseProblem[]): void;
  /**
   * For a call-log row: the id a webhook delivered the same call under, when it differs from the row's
   * — the reconciler then skips the row (already delivered) and the mismatch is flagged.
   */
  deliveredAs(event: RingostatEvent): string | undefined;
  recent(): GuardFlag[];
  counts(): Record<CallIdPattern, number>;
  close(): void;
}

export interface CallIdGuardOptions {
  store: CallIdStore;
  clock: Clock;
  registry?: Registry;
  log?: { warn(details: object, message: string): void };
  /** How long fingerprints are kept (default 40 days: longer than any reconciliation or backfill look-back of interest). */
  retentionMs?: number;
  /** Accepted fingerprints are written in batches this often (default 50 ms), off the request's path. */
  flushMs?: number;
}

const RECENT = 50;
/** Fingerprints kept in memory while the store cannot be written; older ones are let go. */
const MAX_WAITING = 10_000;
const RETRY_MS = 5_000;

export function createCallIdGuard(options: CallIdGuardOptions): CallIdGuard {
  const { store, clock } = options;
  const retentionMs = options.retentionMs ?? 40 * 86_400_000;
  const counter = options.registry ? guardCounter(options.registry) : undefined;
  const totals = Object.fromEntries(CALL_ID_PATTERNS.map((p) => [p, 0])) as Record<CallIdPattern, number>;
  const recent: GuardFlag[] = [];
  let nextPurge = 0;

  function flag(pattern: CallIdPattern, event: string, callId: string, detail: string): void {
    totals[pattern]++;
    counter?.inc({ pattern });
    recent.unshift({ at: clock.now().toISOString(), pattern, event, callId: callId.slice(0, 100), detail });
    recent.length = Math.min(recent.length, RECENT);
    options.log?.warn({ pattern, event, callId: callId.slice(0, 100) }, `call-id guard: ${detail}`);
  }

  // Writing one row per webhook would cost more than the rest of the intake; rows wait here briefly and
  // are written in one transaction. Lookups read the waiting rows too.
  const waiting: Array<{ fingerprint: CallFingerprint; receivedAt: Date }> = [];
  const waitingById = new Map<string, CallFingerprint[]>();
  let flushTimer: NodeJS.Timeout | undefined;
  let retrying = false;

  function flush(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (waiting.length === 0) return;
    try {
      store.remember(waiting);
    } catch (error) {
      // A full disk or a locked file: the guard is a second line of defence, so the intake goes on.
      // The rows stay waiting (lookups still see them, bounded) and the write is tried again later.
      waiting.splice(0, Math.max(0, waiting.length - MAX_WAITING));
      waitingById.clear();
      for (const { fingerprint } of waiting)
        waitingById.set(fingerprint.callId, [...(waitingById.get(fingerprint.callId) ?? []), fingerprint]);
      retrying = true;
      options.log?.warn(
        { err: error, waiting: waiting.length },
        'call-id guard: cannot store fingerprints yet; retrying',
      );
      flushTimer = setTimeout(flush, RETRY_MS);
      flushTimer.unref();
      return;
    }
    retrying = false;
    waiting.length = 0;
    waitingById.clear();
  }

  function known(callId: string): CallFingerprint[] {
    const stored = store.byCallId(callId);
    const pending = waitingById.get(callId);
    return pending ? [...stored, ...pending] : stored;
  }

  return {
    check(event) {
      if (isCallAi(event)) return undefined; // no number or start time to compare
      const others = known(event.callId);
      if (others.length === 0) return undefined; // the usual case: a new call, one indexed read
      const mine = fingerprintOf(event);
      if (!mine) return undefined;
      for (const other of others) {
        const difference = differenceBetween(other, mine);
        if (difference === undefined) continue;
        const message = `uniqueid "${event.callId}" already belongs to another call (${difference}): the key carries a value many calls share; ${PICK_ADVICE}`;
        return { field: 'uniqueid', message, pattern: 'reused-id' };
      }
      return undefined;
    },
    accepted(event, receivedAt) {
      const mine = isCallAi(event) ? undefined : fingerprintOf(event);
      if (mine) {
        waiting.push({ fingerprint: mine, receivedAt });
        waitingById.set(mine.callId, [...(waitingById.get(mine.callId) ?? []), mine]);
        if (waiting.length >= 500 && !retrying) flush();
        else if (!flushTimer) {
          flushTimer = setTimeout(flush, options.flushMs ?? 50);
          flushTimer.unref();
        }
      }
      const now = clock.now().getTime();
      if (now >= nextPurge) {
        nextPurge = now + 3_600_000;
        try {
          store.purge(new Date(now - retentionMs));
        } catch (error) {
          options.log?.warn(
            { err: error },
            'call-id guard: cannot purge old fingerprints; trying again in an hour',
          );
        }
      }
    },
    refused(event, callId, problems) {
      for (const problem of problems) {
        if (problem.pattern) flag(problem.pattern, event, callId ?? '?', problem.message);
      }
    },
    deliveredAs(event) {
      flush();
      const row = fingerprintOf(event);
      if (!row?.client) return undefined;
      const same = store
        .near(row.direction, row.client, row.startedAt, MATCH_WINDOW_MS)
        .find((f) => f.callId !== row.callId && f.event === event.event);
      if (!same) return undefined;
      if (known(row.callId).length > 0) return undefined; // the log's id was delivered too
      flag(
        'unknown-to-call-log',
        event.event,
        same.callId,
        `the webhook id "${same.callId}" is not in Ringostat's call log, which has this call as "${row.callId}"; the call-log copy was not imported again; ${PICK_ADVICE}`,
      );
      return same.callId;
    },
    recent: () => [...recent],
    counts: () => ({ ...totals }),
    close: () => {
      flush();
      store.close();
    },
  };
}

const counters = new WeakMap<Registry, Counter<'pattern'>>();

function guardCounter(registry: Registry): Counter<'pattern'> {
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'ringostat_call_id_guard_total',
      help: 'Signs that the uniqueid key carries the wrong Ringostat list item, by pattern (flag-value, link-mismatch, reused-id, unknown-to-call-log)',
      labelNames: ['pattern'],
      registers: [registry],
    });
    for (const pattern of CALL_ID_PATTERNS) counter.inc({ pattern }, 0);
    counters.set(registry, counter);
  }
  return counter;
}
