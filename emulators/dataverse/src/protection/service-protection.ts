import { DataverseFault } from '../errors';

/**
 * Service protection API limits (Learn: developer/data-platform/api-limits.md), evaluated per user —
 * here per bearer token — each with its own error code, answered as 429 with Retry-After in seconds:
 *
 * | facet                   | default            | code                      |
 * |-------------------------|--------------------|---------------------------|
 * | number of requests      | 6000 / 300 s       | 0x80072322 (-2147015902)  |
 * | combined execution time | 1,200,000 ms/300 s | 0x80072321 (-2147015903)  |
 * | concurrent requests     | 52                 | 0x80072326 (-2147015898)  |
 *
 * The two budgets use a sliding window: once a user has spent one, every further request of that user
 * is refused until enough of the window has passed (Retry-After says when). Exceeding the concurrency
 * limit refuses only the request that exceeded it. The budgets are off unless configured (a real
 * environment has several web servers, each with its own budget); the concurrency limit is always on.
 */
export interface ProtectionSettings {
  maxConcurrency: number;
  requestWindow?: { limit: number; windowMs: number };
  executionTime?: { limitMs: number; windowMs: number };
}

export interface Admission {
  /** Ends the request: its execution time counts from admission to release. */
  release(nowMs: number): void;
}

export interface ServiceProtection {
  /** Admits a request of `user` or throws a 429 fault. */
  admit(user: string, nowMs: number): Admission;
}

interface UserState {
  active: number;
  arrivals: number[];
  /** [ended at, duration] of finished requests inside the execution-time window. */
  executions: Array<[number, number]>;
  executionTotal: number;
}

export function createServiceProtection(settings: () => ProtectionSettings): ServiceProtection {
  const users = new Map<string, UserState>();
  const stateOf = (user: string) => {
    let state = users.get(user);
    if (!state) users.set(user, (state = { active: 0, arrivals: [], executions: [], executionTotal: 0 }));
    return state;
  };
  return {
    admit(user, nowMs) {
      const { maxConcurrency, requestWindow, executionTime } = settings();
      const state = stateOf(user);
      if (executionTime) checkExecutionTime(state, executionTime, nowMs);
      if (requestWindow) checkRequestCount(state, requestWindow, nowMs);
      if (state.active >= maxConcurrency)
        throw tooMany(
          '0x80072326',
          `Number of concurrent requests exceeded the limit of ${maxConcurrency}.`,
          1,
        );
      if (requestWindow) state.arrivals.push(nowMs);
      state.active++;
      let released = false;
      return {
        release(endMs) {
          if (released) return;
          released = true;
          state.active--;
          if (!executionTime) return;
          const duration = Math.max(0, endMs - nowMs);
          state.executions.push([endMs, duration]);
          state.executionTotal += duration;
        },
      };
    },
  };
}

function checkRequestCount(
  state: UserState,
  window: { limit: number; windowMs: number },
  nowMs: number,
): void {
  while (state.arrivals.length && (state.arrivals[0] ?? 0) <= nowMs - window.windowMs) state.arrivals.shift();
  if (state.arrivals.length < window.limit) return;
  const waitMs = (state.arrivals[0] ?? nowMs) + window.windowMs - nowMs;
  throw tooMany(
    '0x80072322',
    `Number of requests exceeded the limit of ${window.limit} over time window of ${seconds(window.windowMs)} seconds.`,
    Math.max(1, Math.ceil(waitMs / 1000)),
  );
}

function checkExecutionTime(
  state: UserState,
  budget: { limitMs: number; windowMs: number },
  nowMs: number,
): void {
  const expired = (entry: [number, number] | undefined) =>
    entry !== undefined && entry[0] <= nowMs - budget.windowMs;
  while (expired(state.executions[0])) state.executionTotal -= state.executions.shift()?.[1] ?? 0;
  if (state.executionTotal < budget.limitMs) return;
  // Wait until enough finished requests leave the window to bring the total under the limit.
  let total = state.executionTotal;
  let waitMs = budget.windowMs;
  for (const [endedAt, duration] of state.executions) {
    total -= duration;
    if (total < budget.limitMs) {
      waitMs = endedAt + budget.windowMs - nowMs;
      break;
    }
  }
  throw tooMany(
    '0x80072321',
    `Combined execution time of incoming requests exceeded limit of ${budget.limitMs.toLocaleString('en-US')} milliseconds over time window of ${seconds(budget.windowMs)} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
    Math.max(1, Math.ceil(waitMs / 1000)),
  );
}

const seconds = (ms: number) => Math.round(ms / 1000);

function tooMany(code: string, message: string, retryAfterSeconds: number): DataverseFault {
  return new DataverseFault(429, code, message, { 'Retry-After': String(retryAfterSeconds) });
}

/** mulberry32: a tiny seeded PRNG so fault injection is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
