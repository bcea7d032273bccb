import type { Clock } from '../clock';
import type { InboxEntry, WorkerInbox } from '../inbox/inbox';
import { createKeyedSerializer } from './keyed-serializer';
import { decideFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { DEFAULT_WORKER_CONCURRENCY } from '../config';

/**
 * The worker drains the inbox: claim due entries under a lease, run the task for each with bounded
 * concurrency (entries sharing a key one after another), then complete, retry later or dead-letter.
 *
 * A task is `(entry, helpers)` and returns the outcome line stored with the entry. How a failure is
 * classified (transient? how long did the server ask us to wait? what to write down?) is handed in, so
 * this loop knows nothing about Dataverse.
 *
 * Leases: claim leases entries for `leaseMs`; while an entry is queued or running the worker renews the
 * lease every leaseMs/3, so only a crashed (or frozen) worker's entries become claimable again.
 */
export interface WorkerLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface TaskHelpers {
  log: WorkerLog;
  now(): Date;
  /** 1 on the first attempt. */
  attempt: number;
}

export type Task = (entry: InboxEntry, helpers: TaskHelpers) => Promise<string>;

export interface FailureClassifier {
  isTransient(error: unknown): boolean;
  retryAfterMs(error: unknown): number | undefined;
  /** What the admin reads in last_error: whose fault, and the service's own words. */
  describe(error: unknown): string;
}

export type Settlement = 'done' | 'retry' | 'dead';

export interface WorkerOptions {
  inbox: WorkerInbox;
  clock: Clock;
  task: Task;
  /** Entries sharing any key are processed one at a time, in claim order. */
  keysOf: (entry: InboxEntry) => string[];
  failures: FailureClassifier;
  log: WorkerLog;
  concurrency?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  policy?: RetryPolicy;
  random?: () => number;
  /** Applied to error text before it is logged (e.g. masking phone numbers). */
  redact?: (text: string) => string;
  onSettled?: (entry: InboxEntry, settlement: Settlement, seconds: number) => void;
}

export interface Worker {
  start(): void;
  /** New work arrived (e.g. the intake just accepted an event): look now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, waits for entries in hand; their leases lapse if `timeoutMs` passes first. */
  stop(timeoutMs?: number): Promise<void>;
  inFlight(): number;
}

export function createWorker(options: WorkerOptions): Worker {
  const { inbox, clock, log, failures } = options;
  const concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  const claimBatch = Math.max(1, Math.floor(concurrency / 10));
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const redact = options.redact ?? ((text: string) => text);
  const serializer = createKeyedSerializer();
  const inHand = new Map<number, Promise<void>>();
  let running = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let pollDueAt = 0;
  let leaseTimer: NodeJS.Timeout | undefined;
  let ticking = false;
  /** A look was asked for while one was running: look again right after it. */
  let tickAgain = false;

  function settle(entry: InboxEntry, started: number, settlement: Settlement): void {
    options.onSettled?.(entry, settlement, (clock.now().getTime() - started) / 1000);
  }

  async function handle(entry: InboxEntry): Promise<void> {
    const started = clock.now().getTime();
    const details = { inboxId: entry.id, event: entry.event, callId: entry.callId, attempt: entry.attempts };
    try {
      const outcome = await options.task(entry, { log, now: () => clock.now(), attempt: entry.attempts });
      await inbox.complete(entry.id, { now: clock.now(), outcome });
      log.info({ ...details, outcome }, 'event processed');
      settle(entry, started, 'done');
    } catch (thrown) {
      const reason = failures.describe(thrown);
      const transient = failures.isTransient(thrown);
      const retryAfterMs = failures.retryAfterMs(thrown);
      const decision = decideFailure(
        policy,
        { attempt: entry.attempts, transient, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
        random,
      );
      const now = clock.now();
      if (decision.action === 'retry') {
        await inbox.retryLater(entry.id, {
          now,
          runAt: new Date(now.getTime() + decision.delayMs),
          error: reason,
        });
        log.warn({ ...details, error: redact(reason), retryInMs: decision.delayMs }, 'event will be retried');
        settle(entry, started, 'retry');
      } else {
        const why = transient ? `gave up after ${entry.attempts} attempts: ${reason}` : reason;
        await inbox.deadLetter(entry.id, { now, error: why });
        log.error({ ...details, error: redact(why) }, 'event dead-lettered');
        settle(entry, started, 'dead');
      }
    }
  }

  function launch(entry: InboxEntry): void {
    const work = serializer
      .run(options.keysOf(entry), () => handle(entry))
      .catch((thrown: unknown) => {
        // Only the inbox itself failing lands here (e.g. the database closed under us): the lease lapses
        // and the entry is claimed again later.
        log.error({ inboxId: entry.id, error: String(thrown) }, 'could not record the result of an event');
      })
      .finally(() => {
        inHand.delete(entry.id);
        // With a backlog, claim a batch at a time: one claim (one transaction) per finished event would
        // cost more than the events. With little in hand, look at once.
        if (running) schedule(concurrency - inHand.size >= claimBatch ? 0 : pollIntervalMs);
      });
    inHand.set(entry.id, work);
  }

  async function tick(): Promise<void> {
    if (!running) return;
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = true;
    try {
      const free = concurrency - inHand.size;
      if (free <= 0) return;
      const entries = await inbox.claim({ limit: free, now: clock.now(), leaseMs });
      // Claimed after stop(): not started, their leases lapse and a later run claims them again.
      if (!running) return;
      // An entry already in hand whose lease lapsed must not run twice in this process.
      for (const entry of entries) if (!inHand.has(entry.id)) launch(entry);
      schedule(entries.length === free ? 0 : pollIntervalMs);
    } catch (thrown) {
      log.error({ error: String(thrown) }, 'could not claim events from the inbox');
      schedule(pollIntervalMs);
    } finally {
      ticking = false;
      if (tickAgain) {
        tickAgain = false;
        schedule(0);
      }
    }
  }

  /** Looks for work in `delayMs`, or sooner if a look is already due sooner (a burst of wakes is one look). */
  function schedule(delayMs: number): void {
    if (!running) return;
    const dueAt = Date.now() + delayMs;
    if (pollTimer && pollDueAt <= dueAt) return;
    if (pollTimer) clearTimeout(pollTimer);
    pollDueAt = dueAt;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      void tick();
    }, delayMs);
  }

  function renewLeases(): void {
    const now = clock.now();
    for (const id of inHand.keys()) {
      const warn = (thrown: unknown) =>
        log.warn({ inboxId: id, error: String(thrown) }, 'could not extend a lease');
      try {
        Promise.resolve(inbox.extendLease(id, { now, leaseMs })).catch(warn);
      } catch (thrown) {
        warn(thrown);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      leaseTimer = setInterval(renewLeases, Math.max(10, Math.floor(leaseMs / 3)));
      leaseTimer.unref();
      schedule(0);
    },
    wake() {
      schedule(0);
    },
    async stop(timeoutMs = 30_000) {
      running = false;
      if (pollTimer) clearTimeout(pollTimer);
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...inHand.values()]), timedOut]);
      if (timeout) clearTimeout(timeout);
      if (leaseTimer) clearInterval(leaseTimer);
    },
    inFlight: () => inHand.size,
  };
}
