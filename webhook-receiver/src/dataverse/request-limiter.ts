import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, type DataverseConfig } from '../config';
import { DATAVERSE_CODES } from './dataverse-codes';
import {
  createRequestBudget,
  outcomeOf,
  type BudgetConfig,
  type RequestBudget,
  type Ticket,
} from './request-budget';

/**
 * Keeps the receiver's Dataverse requests inside the service protection limits (Microsoft Learn,
 * developer/data-platform/api-limits) — docs/adr/0073-one-request-limiter-per-application-user.md and
 * docs/adr/0092-pace-to-the-service-protection-budgets.md.
 *
 * - Concurrency: at most `maxConcurrent` requests in flight (52, the documented per-user limit), or
 *   fewer when Dataverse recommends fewer in `x-ms-dop-hint` (send-parallel-requests: "use the integer
 *   value returned from the x-ms-dop-hint response header"); the others wait, first come first served.
 * - Budgets: new requests are paced to the five-minute request budget, and to the execution-time budget
 *   once Dataverse has named it (request-budget.ts), so a backlog drains at the budget instead of into
 *   429s.
 * - After a 429 for the number of requests or the execution time nobody starts a new request until
 *   Retry-After: every request of that user fails until then, and a client that keeps sending makes the
 *   wait longer. A 429 for concurrent requests (0x80072326) refused that one request only — something
 *   else is using the same user's slots — so only it waits (the worker's retry honours Retry-After)
 *   while the others carry on.
 *
 * Every part of one receiver that talks to one org as one application user (worker, phone directory,
 * contact-book reads) shares a limiter: `requestLimiterFor(config)`.
 */
export interface RequestLimiter {
  /**
   * Runs `work` once a slot is free, the budgets allow and any Retry-After pause is over. `first`: ahead
   * of the other waiting requests — for a read many events wait on (the phone directory's refresh). A
   * rejection that is a 429 (`status`, `code`, `retryAfterMs`, as DataverseError and ContactFeedError
   * carry them) is passed to `throttled` before it is rethrown.
   */
  run<T>(work: () => Promise<T>, options?: { first?: boolean }): Promise<T>;
  /** Hold every new request for `ms` (capped at 5 minutes). */
  pause(ms: number): void;
  /** Dataverse answered 429: pause when the answer says the whole user is throttled. */
  throttled(answer: ThrottleAnswer): void;
  /** Dataverse's `x-ms-dop-hint`: run at most that many requests at once (never more than maxConcurrent). */
  dopHint(hint: number): void;
  /** The configured ceiling (DATAVERSE_MAX_CONCURRENT_REQUESTS). */
  readonly maxConcurrent: number;
  /** The ceiling in force: maxConcurrent, or Dataverse's hint when lower. */
  concurrency(): number;
  readonly budget: RequestBudget;
  inFlight(): number;
  waiting(): number;
}

interface ThrottleAnswer {
  retryAfterMs?: number | undefined;
  code?: string | undefined;
}

/** Dataverse's error code for "Number of concurrent requests exceeded the limit of 52". */
export const CONCURRENT_REQUESTS_EXCEEDED = DATAVERSE_CODES.concurrentRequestsExceeded;
/** The longest Retry-After honoured as a pause: Dataverse measures its request limits over 5 minutes. */
const MAX_PAUSE_MS = 5 * 60_000;

export interface RequestLimiterOptions {
  maxConcurrent: number;
  /** The request budget to start from (default Dataverse's 6000 per 300 s). */
  budget?: BudgetConfig;
  clock?: Clock;
}

export function createRequestLimiter(options: RequestLimiterOptions): RequestLimiter {
  const clock = options.clock ?? systemClock;
  const maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const budget = createRequestBudget(options.budget);
  let ceiling = maxConcurrent;
  const queue: Array<(ticket: Ticket) => void> = [];
  let active = 0;
  let pausedUntil = 0;
  let resumeTimer: NodeJS.Timeout | undefined;

  /** One timer wakes the queue at the moment the last look found to be the earliest start. */
  function wakeAt(at: number): void {
    if (resumeTimer) clearTimeout(resumeTimer);
    resumeTimer = undefined;
    if (queue.length === 0) return;
    resumeTimer = setTimeout(
      () => {
        resumeTimer = undefined;
        pump();
      },
      Math.max(0, at - clock.now().getTime()),
    );
    resumeTimer.unref();
  }

  function pump(): void {
    const now = clock.now().getTime();
    if (pausedUntil > now) return wakeAt(pausedUntil);
    while (active < ceiling && queue.length > 0) {
      const wait = budget.waitMs(now);
      // Infinity: the budget is full of requests still in flight; the next answer pumps again.
      if (wait === Infinity) return;
      if (wait > 0) return wakeAt(now + wait);
      active++;
      queue.shift()?.(budget.start(now));
    }
  }

  function pause(ms: number): void {
    if (!(ms > 0)) return;
    const until = clock.now().getTime() + Math.min(ms, MAX_PAUSE_MS);
    if (until <= pausedUntil) return;
    pausedUntil = until;
    pump();
  }

  function throttled({ retryAfterMs, code }: ThrottleAnswer): void {
    if (retryAfterMs !== undefined && code !== CONCURRENT_REQUESTS_EXCEEDED) pause(retryAfterMs);
  }

  return {
    maxConcurrent,
    budget,
    async run<T>(work: () => Promise<T>, runOptions: { first?: boolean } = {}): Promise<T> {
      const ticket = await new Promise<Ticket>((resolve) => {
        if (runOptions.first) queue.unshift(resolve);
        else queue.push(resolve);
        pump();
      });
      try {
        const result = await work();
        budget.finish(ticket, clock.now().getTime(), 'ok');
        return result;
      } catch (error) {
        budget.finish(ticket, clock.now().getTime(), outcomeOf(error));
        if (isThrottle(error)) throttled(error);
        throw error;
      } finally {
        active--;
        pump();
      }
    },
    pause,
    throttled,
    dopHint(hint) {
      if (!Number.isInteger(hint) || hint < 1) return;
      ceiling = Math.min(maxConcurrent, hint);
      pump();
    },
    concurrency: () => ceiling,
    inFlight: () => active,
    waiting: () => queue.length,
  };
}

/** Limiters by org and application user (as token providers are shared: token-provider.ts). */
const limiters = new Map<string, RequestLimiter>();

export function requestLimiterFor(config: DataverseConfig): RequestLimiter {
  const key = JSON.stringify([config.url, config.tenantId, config.clientId, config.staticToken]);
  const maxConcurrent = config.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  const existing = limiters.get(key);
  const sameBudget =
    existing?.budget.windowMs === (config.requestBudget?.windowMs ?? existing?.budget.windowMs);
  if (existing && existing.maxConcurrent === maxConcurrent && sameBudget) return existing;
  const limiter = createRequestLimiter({
    maxConcurrent,
    ...(config.requestBudget ? { budget: config.requestBudget } : {}),
  });
  limiters.set(key, limiter);
  return limiter;
}

/** `work` through `limiter`, or straight away without one (tools and tests that build clients alone). */
export function throughLimiter<T>(
  limiter: RequestLimiter | undefined,
  work: () => Promise<T>,
  options?: { first?: boolean },
): Promise<T> {
  return limiter ? limiter.run(work, options) : work();
}

function isThrottle(error: unknown): error is ThrottleAnswer {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 429;
}
