import { DATAVERSE_CODES } from './dataverse-codes';

/**
 * The two five-minute budgets of Dataverse's service protection, kept on the client side so a backlog
 * is paced to them instead of running into 429s (Microsoft Learn, developer/data-platform/api-limits:
 * per user, "6000 within the 5 minute sliding window" requests and "20 minutes (1200 seconds) within the
 * 5 minute sliding window" of execution time; "let the server tell you how many requests it can handle").
 *
 * - Requests: at most `limit` requests in any `windowMs` (300 s, Dataverse's window). The limit is
 *   unknown at first — 6000 is per web server, and an environment usually has several — so the receiver
 *   does not pace until Dataverse tells it: a 429 0x80072322 teaches the org's real budget, the requests
 *   it had in the window that were not refused, and the budget is kept at that from then on. An operator
 *   who knows the budget sets it (DATAVERSE_REQUEST_BUDGET, e.g. 6000/300).
 * - Execution time: not paced until Dataverse answers 0x80072321. From then on the combined time of
 *   the requests that finished in the window (as the receiver measured them, an upper bound of the
 *   server's own measure) stays under what it was when the 429 came.
 *
 * Dataverse counts a request when it arrives, somewhere between the moment the receiver lets it go and
 * the moment its answer is back. So a request counts from its start until its answer, and then for one
 * window after its answer: never earlier than Dataverse forgets it. A guard of 1 % of the window (at
 * most one second) covers clocks and rounding.
 */
export interface BudgetConfig {
  limit: number;
  windowMs: number;
}

/** Dataverse's five-minute window; no limit until the org names one with a 429. */
export const DEFAULT_REQUEST_BUDGET: BudgetConfig = { limit: Infinity, windowMs: 300_000 };

export interface Ticket {
  at: number;
}

export type Outcome = 'ok' | 'requests-exceeded' | 'execution-time-exceeded' | 'other';

export interface RequestBudget {
  /** How long a new request must wait before it may start (0: now; Infinity: until an answer comes back). */
  waitMs(nowMs: number): number;
  start(nowMs: number): Ticket;
  finish(ticket: Ticket, nowMs: number, outcome: Outcome): void;
  /** The request budget in force (configured, or learned from a 429). */
  limit(): number;
  /** The execution-time budget learned from a 0x80072321, if any. */
  executionLimitMs(): number | undefined;
  readonly windowMs: number;
}

export function createRequestBudget(config: BudgetConfig = DEFAULT_REQUEST_BUDGET): RequestBudget {
  const { windowMs } = config;
  const guardMs = Math.min(1000, Math.round(windowMs / 100));
  let limit = Number.isFinite(config.limit) ? Math.max(1, Math.floor(config.limit)) : Infinity;
  let executionLimitMs: number | undefined;
  let inFlight = 0;
  /** When each counted request's answer came back, oldest first. */
  const answered: number[] = [];
  /** [answered at, duration] of finished requests, for the execution-time budget. */
  const durations: Array<[number, number]> = [];
  let durationTotal = 0;

  const prune = (nowMs: number) => {
    while (answered.length && (answered[0] ?? 0) <= nowMs - windowMs) answered.shift();
    while (durations.length && (durations[0]?.[0] ?? 0) <= nowMs - windowMs)
      durationTotal -= durations.shift()?.[1] ?? 0;
  };

  /** When the oldest `k` answered requests have left the window (Infinity: some are still in flight). */
  const freeAfter = (k: number) =>
    k <= answered.length ? (answered[k - 1] ?? 0) + windowMs + guardMs : Infinity;

  return {
    windowMs,
    waitMs(nowMs) {
      prune(nowMs);
      let freeAt = nowMs;
      const counted = inFlight + answered.length;
      if (counted >= limit) freeAt = freeAfter(counted - limit + 1);
      if (executionLimitMs !== undefined && durationTotal >= executionLimitMs) {
        let total = durationTotal;
        for (const [at, duration] of durations) {
          total -= duration;
          if (total < executionLimitMs) {
            freeAt = Math.max(freeAt, at + windowMs + guardMs);
            break;
          }
        }
      }
      return Math.max(0, freeAt - nowMs);
    },
    start(nowMs) {
      inFlight++;
      return { at: nowMs };
    },
    finish(ticket, nowMs, outcome) {
      inFlight--;
      prune(nowMs);
      if (outcome === 'requests-exceeded') {
        // A refused request did not count; what Dataverse did count in the window was the limit.
        limit = Math.max(1, Math.min(limit, inFlight + answered.length));
        return;
      }
      answered.push(nowMs);
      if (outcome === 'execution-time-exceeded') {
        executionLimitMs = Math.max(1, Math.min(executionLimitMs ?? Infinity, durationTotal));
        return;
      }
      const duration = Math.max(0, nowMs - ticket.at);
      durations.push([nowMs, duration]);
      durationTotal += duration;
    },
    limit: () => limit,
    executionLimitMs: () => executionLimitMs,
  };
}

/** Which budget a failed request ran into, from its status and Dataverse error code. */
export function outcomeOf(error: unknown): Outcome {
  const { status, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    code?: unknown;
  };
  if (status !== 429 || typeof code !== 'string') return 'other';
  if (code.toLowerCase() === DATAVERSE_CODES.requestsExceeded) return 'requests-exceeded';
  if (code.toLowerCase() === DATAVERSE_CODES.executionTimeExceeded) return 'execution-time-exceeded';
  return 'other';
}

/** `6000/300` (requests per seconds) → a budget, or an explanation of what is wrong. */
export function parseRequestBudget(text: string): BudgetConfig | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const limit = Number(m?.[1]);
  const seconds = Number(m?.[2]);
  if (!m || !(limit >= 1) || !(seconds >= 1))
    return `"${text}" is not <requests>/<seconds>, e.g. 6000/300 (Dataverse's documented 6000 requests per 5 minutes per web server)`;
  return { limit, windowMs: seconds * 1000 };
}
