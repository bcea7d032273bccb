import { badInputDrill } from '../../scripts/drill/bad-input';
import type { DrillResult } from '../../scripts/drill/drill-types';

/** The bad-input drill at CI size: ~1,000 generated webhooks against the receiver as a real process. */
let result: DrillResult;

beforeAll(async () => {
  result = await badInputDrill.run('ci');
}, 120_000);

test('generated bad webhooks never get a 5xx or a dropped connection, and the receiver stays up', () => {
  expect(result.counts.sent).toBe(1_000);
  expect(result.counts.serverErrors).toBe(0);
  expect(result.checks.find((c) => c.name.startsWith('the receiver survives'))).toMatchObject({
    passed: true,
  });
});

test('every 400 and 413 answer leaves one rejected row with its reason', () => {
  const { badRequest = NaN, tooLarge = NaN } = result.counts;
  expect(badRequest + tooLarge).toBeGreaterThan(0);
  expect(result.counts.rejectedRows).toBe(badRequest + tooLarge);
  expect(result.counts.rejectedWithoutReason).toBe(0);
});

test('every newly accepted webhook is exactly one inbox row, and well-formed ones are accepted', () => {
  expect(result.counts.newlyAccepted).toBeGreaterThan(0);
  expect(result.counts.inboxRows).toBe(result.counts.newlyAccepted);
  expect(result.counts.mismatches).toBe(0);
  expect(result.passed).toBe(true);
});
