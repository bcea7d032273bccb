import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, type DataverseConfig } from '../config';

/**
 * Keeps the receiver's Dataverse requests inside the service-protection limit on concurrent requests
 * (Microsoft Learn, "Service protection API limits": 52 concurrent requests per user; beyond that the
 * answer is 429 with Retry-After) — docs/adr/0073-one-request-limiter-per-application-user.md.
 *
 * - At most `maxConcurrent` requests are in flight; the others wait, first come first served.
 * - After a 429 for the number of requests or the execution time (the user's five-minute budgets) nobody
 *   starts a new request until Retry-After: every request of that user fails until then, and a client
 *   that keeps sending makes the wait longer. A 429 for concurrent requests (0x80072326) refused that
 *   one request only — something else is using the same user's slots — so only it waits (the worker's
 *   retry honours Retry-After) while the others carry on.
 *
 * Every part of one receiver that talks to one org as one application user (worker, phone directory,
 * contact-book reads) shares a limiter: `requestLimiterFor(config)`.
 */
export interface RequestLimiter {
  /**
   * Runs `work` once a slot is free (and any Retry-After pause is over). `first`: ahead of the other
   * waiting requests — for a read many events wait on (the phone directory's refresh). A rejection
   * that is a 429 (`status`, `code`, `retryAfterMs`, as DataverseError and ContactFeedError carry them)
   * is passed to `throttled` before it is rethrown.
   */
  run<T>(work: () => Promise<T>, options?: { first?: boolean }): Promise<T>;
  /** Hold every new request for `ms` (capped at 5 minutes). */
  pause(ms: number): void;
  /** Dataverse answered 429: pause when the answer says the whole user is throttled. */
  throttled(answer: ThrottleAnswer): void;
  readonly maxConcurrent: number;
  inFlight(): number;
  waiting(): number;
}

interface ThrottleAnswer {
  retryAfterMs?: number | undefined;
  code?: string | undefined;
}

/** Dataverse's error code for "Number of concurrent requests exceeded the limit of 52". */
export const CONCURRENT_REQUESTS_EXCEEDED = '0x80072326';
/** The longest Retry-After honoured as a pause: Dataverse measures its request limits over 5 minutes. */
const MAX_PAUSE_MS = 5 * 60_000;

export function createRequestLimiter(options: { maxConcurrent: number; clock?: Clock }): RequestLimiter {
  const clock = options.clock ?? systemClock;
  const maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const queue: Array<() => void> = [];
  let active = 0;
  let pausedUntil = 0;
  let resumeTimer: NodeJS.Timeout | undefined;

  function pump(): void {
    const wait = pausedUntil - clock.now().getTime();
    if (wait > 0) {
      if (!resumeTimer && queue.length > 0) {
        resumeTimer = setTimeout(() => {
          resumeTimer = undefined;
          pump();
        }, wait);
        resumeTimer.unref();
      }
      return;
    }
    while (active < maxConcurrent && queue.length > 0) {
      active++;
      queue.shift()?.();
    }
  }

  function pause(ms: number): void {
    if (!(ms > 0)) return;
    const until = clock.now().getTime() + Math.min(ms, MAX_PAUSE_MS);
    if (until <= pausedUntil) return;
    pausedUntil = until;
    if (resumeTimer) clearTimeout(resumeTimer);
    resumeTimer = undefined;
    pump();
  }

  function throttled({ retryAfterMs, code }: ThrottleAnswer): void {
    if (retryAfterMs !== undefined && code !== CONCURRENT_REQUESTS_EXCEEDED) pause(retryAfterMs);
  }

  return {
    maxConcurrent,
    async run<T>(work: () => Promise<T>, runOptions: { first?: boolean } = {}): Promise<T> {
      await new Promise<void>((resolve) => {
        if (runOptions.first) queue.unshift(resolve);
        else queue.push(resolve);
        pump();
      });
      try {
        return await work();
      } catch (error) {
        if (isThrottle(error)) throttled(error);
        throw error;
      } finally {
        active--;
        pump();
      }
    },
    pause,
    throttled,
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
  if (existing && existing.maxConcurrent === maxConcurrent) return existing;
  const limiter = createRequestLimiter({ maxConcurrent });
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
