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
        message:
          "Change tracking is not enabled for entity 'contact' (EntityMetadata.ChangeTrackingEnabled).",
      },
      'full',
      FEED_FAILURES.changeTrackingUnavailable,
    ],
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

  test('honours Retry-After in seconds and says that retrying helps', () => {
    const error = classifyFeedFailure({ status: 429, message: 'throttled', retryAfter: '7' }, 'delta');
    expect(error).toMatchObject({ transient: true, retryAfterMs: 7000, status: 429 });
    expect(error.message).toMatch(/retrying later helps/);
  });

  test('an authentication failure points at the credentials', () => {
    expect(classifyFeedFailure({ status: 401 }, 'full').message).toMatch(/credentials.*will not help/);
  });
});
