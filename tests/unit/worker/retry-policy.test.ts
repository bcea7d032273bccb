import {
  decideFailure,
  retryDelayMs,
  validateRetryPolicy,
  type RetryPolicy,
} from '../../../webhook-receiver/src/worker/retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, baseMs: 1_000, capMs: 10_000, jitter: 0.5 };

describe('retry policy', () => {
  it('doubles the delay per attempt up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(policy, attempt, undefined, () => 0));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('jitter shortens the delay by at most the jitter share', () => {
    expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(2_000);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(3_000);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelayMs(policy, 1, 30_000, () => 0)).toBe(30_000);
  });

  it('retries transient failures until the last attempt, dead-letters the rest', () => {
    expect(decideFailure(policy, { attempt: 4, transient: true }, () => 0)).toEqual({
      action: 'retry',
      delayMs: 8_000,
    });
    expect(decideFailure(policy, { attempt: 5, transient: true }, () => 0)).toEqual({ action: 'dead' });
    expect(decideFailure(policy, { attempt: 1, transient: false }, () => 0)).toEqual({ action: 'dead' });
  });

  it('refuses a policy that cannot work, naming every problem', () => {
    expect(() => validateRetryPolicy({ maxAttempts: 0, baseMs: 10, capMs: 5, jitter: 2 })).toThrow(
      /maxAttempts must be ≥ 1; capMs must be ≥ baseMs; jitter must be between 0 and 1/,
    );
  });
});
