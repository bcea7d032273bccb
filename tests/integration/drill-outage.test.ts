import type { DrillResult } from '../../scripts/drill/drill-types';
import { outageDrill } from '../../scripts/drill/outage';

/** The outage drill at CI size: 120 calls, Dataverse refusing connections for 5 s in the middle. */
let result: DrillResult;

beforeAll(async () => {
  result = await outageDrill.run('ci');
}, 150_000);

test('webhooks are accepted while Dataverse is down and the backlog drains once it is back', () => {
  expect(result.counts.backlog).toBeGreaterThan(0);
  expect(result.counts.undelivered).toBe(0);
  expect(result.counts.dead).toBe(0);
  expect(result.counts.phonecalls).toBe(120);
  expect(result.counts.lostCalls).toBe(0);
  expect(result.counts.duplicatePhonecalls).toBe(0);
  expect(result.counts.duplicateContacts).toBe(0);
});

test('after the outage every before-call completes before the after-call of the same call', () => {
  expect(result.counts.orderChecked).toBeGreaterThan(0);
  expect(result.counts.outOfOrder).toBe(0);
  expect(result.passed).toBe(true);
});
