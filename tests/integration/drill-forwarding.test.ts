import type { DrillResult } from '../../scripts/drill/drill-types';
import { forwardingDrill } from '../../scripts/drill/forwarding';

/** The forwarding drill at CI size: 2,000 contacts, 50 requests/s for 4 s in each of four phases. */
let result: DrillResult;

beforeAll(async () => {
  result = await forwardingDrill.run('ci');
}, 180_000);

test('with Dataverse down, and after a restart during the outage, every forwarding request gets its right answer', () => {
  expect(result.counts.sent).toBe(800);
  expect(result.counts.correct).toBe(800);
  expect(result.counts.wrong).toBe(0);
  expect(result.counts.failed).toBe(0);
  expect(result.counts.redirectsDuringOutage).toBeGreaterThan(0);
});

test('every answer comes within a second, the shortest timeout Ringostat allows', () => {
  expect(result.counts.late).toBe(0);
  expect(result.passed).toBe(true);
});
