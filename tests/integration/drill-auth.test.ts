import { authDrill } from '../../scripts/drill/auth';
import type { DrillResult } from '../../scripts/drill/drill-types';

/** The auth drill at CI size: wrong tokens in every shape against the receiver as a real process. */
let result: DrillResult;

beforeAll(async () => {
  result = await authDrill.run('ci');
}, 120_000);

test('every request with a wrong or missing token is refused', () => {
  expect(result.counts.wrongTokenRequests).toBeGreaterThan(400);
  expect(result.counts.leaked).toBe(0);
});

test('requests with wrong tokens leave nothing in the inbox, not even a rejected row', () => {
  expect(result.counts.inboxRows).toBe(result.counts.controls);
  expect(result.counts.rejectedRows).toBe(0);
});

test('requests with the right token, interleaved, are all accepted', () => {
  expect(result.counts.controls).toBeGreaterThan(0);
  expect(result.counts.controlsAccepted).toBe(result.counts.controls);
  expect(result.passed).toBe(true);
});
