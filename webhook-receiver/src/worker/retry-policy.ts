/**
 * Retry is data (HOUSE-STYLE, after graphile-worker and pg-boss): how many attempts, and an exponential
 * backoff from `baseMs` doubling up to `capMs`, with jitter so a recovered Dataverse is not hit by every
 * waiting event at the same instant. A server's Retry-After is a floor, never shortened (Microsoft
 * Learn, developer/data-platform/api-limits: "wait for the Retry-After interval, then resend").
 */
export interface RetryPolicy {
  /** Attempts in total, the first included; after the last a transient failure dead-letters too. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** 0…1: the share of the delay that is randomised (0.5 → between 50% and 100% of the backoff). */
  jitter: number;
}

/** Two to four hours of patience before an outage dead-letters an event (5 s, 10 s, … capped at 30 min, jittered). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 16,
  baseMs: 5_000,
  capMs: 30 * 60_000,
  jitter: 0.5,
};

export type FailureDecision = { action: 'retry'; delayMs: number } | { action: 'dead' };

export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const exponent = Math.max(0, attempt - 1);
  const backoff = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const jittered = backoff * (1 - policy.jitter * random());
  return Math.round(Math.max(retryAfterMs ?? 0, jittered));
}

export function decideFailure(
  policy: RetryPolicy,
  failure: { attempt: number; transient: boolean; retryAfterMs?: number },
  random: () => number,
): FailureDecision {
  if (!failure.transient || failure.attempt >= policy.maxAttempts) return { action: 'dead' };
  return { action: 'retry', delayMs: retryDelayMs(policy, failure.attempt, failure.retryAfterMs, random) };
}

/** Checks a policy handed in from configuration; bad values are the operator's to fix. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const problems: string[] = [];
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    problems.push('maxAttempts must be ≥ 1');
  if (!(policy.baseMs >= 0)) problems.push('baseMs must be ≥ 0');
  if (!(policy.capMs >= policy.baseMs)) problems.push('capMs must be ≥ baseMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be between 0 and 1');
  if (problems.length > 0) throw new RangeError(`invalid retry policy: ${problems.join('; ')}`);
  return policy;
}
