import { classifyFeedFailure } from '../../../webhook-receiver/src/directory/classify-feed-failure';
import { FEED_FAILURES } from '../../../webhook-receiver/src/directory/contact-feed';

describe('classifyFeedFailure', () => {
  test.each([
    [
      { status: 429, message: 'Number of requests exceeded the limit', retryAfter: '7' },
      'full',
      FEED_FAILURES.transient,
    ],
    [{ status: 503, message: 'Service Unavailable' }, 'delta', FEED_FAILURES.transient],
    [{ status: 408 }, 'full', FEED_FAILURES.transient],
    [
      {
        status: 400,
        code: '0x80044352',
        message: 'Version stamp associated with the client has expired. Please perform a full sync.',
      },
      'delta',
      FEED_FAILURES.deltaTokenExpired,
    ],
    [{ status: 400, message: 'Something about the link' }, 'delta', FEED_FAILURES.deltaTokenExpired],
    [
      { status: 400, message: 'The "$filter" query parameter isn\'t supported' },
      'full',
      FEED_FAILURES.permanent,
    ],
    [{ status: 401, message: 'The user is not authenticated' }, 'delta', FEED_FAILURES.permanent],
    [
      { status: 403, message: 'Principal user is missing prvReadContact privilege' },
      'full',
      FEED_FAILURES.permanent,
    ],
  ] as const)('%j on a %s read is %s', (answer, request, failure) => {
    expect(classifyFeedFailure(answer, request).failure).toBe(failure);
  });

  test('a refused full read of an untracked contact table is change-tracking-unavailable, in any language', () => {
    for (const message of [
      "Change tracking is not enabled for entity 'contact'.",
      'Відстеження змін не ввімкнено для сутності contact.',
      undefined,
    ]) {
      const answer = { status: 400, code: '0x80048d19', ...(message ? { message } : {}) };
      expect(classifyFeedFailure(answer, 'full', false).failure).toBe(
        FEED_FAILURES.changeTrackingUnavailable,
      );
      // The same refusal while the metadata says contact is tracked is our fault, not the admin's.
      expect(classifyFeedFailure(answer, 'full', true).failure).toBe(FEED_FAILURES.permanent);
      expect(classifyFeedFailure(answer, 'full').failure).toBe(FEED_FAILURES.permanent);
    }
  });

  test('the English words "change tracking is not enabled" decide nothing by themselves', () => {
    const answer = { status: 400, message: 'Change tracking is not enabled on this table' };
    expect(classifyFeedFailure(answer, 'full').failure).toBe(FEED_FAILURES.permanent);
  });

  test('honours Retry-After in seconds and says that retrying helps', () => {
    const error = classifyFeedFailure({ status: 429, message: 'throttled', retryAfter: '7' }, 'delta');
    expect(error).toMatchObject({ transient: true, retryAfterMs: 7000, status: 429 });
    expect(error.message).toMatch(/retrying later helps/);
  });

  test('an authentication failure points at the credentials', () => {
    expect(classifyFeedFailure({ status: 401 }, 'full').message).toMatch(/credentials.*will not help/);
  });
});
