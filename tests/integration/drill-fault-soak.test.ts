import type { DrillResult } from '../../scripts/drill/drill-types';
import { faultSoakDrill } from '../../scripts/drill/fault-soak';

/** The fault-soak drill at CI size: 300 calls while 30 % of Dataverse requests fail. */
let result: DrillResult;

beforeAll(async () => {
  result = await faultSoakDrill.run('ci');
}, 150_000);

test('with 30 % of Dataverse requests failing, every call becomes exactly one phone call', () => {
  expect(result.counts.faults).toBeGreaterThan(0);
  expect(result.counts.undelivered).toBe(0);
  expect(result.counts.phonecalls).toBe(300);
  expect(result.counts.lostCalls).toBe(0);
  expect(result.counts.duplicatePhonecalls).toBe(0);
  expect(result.counts.unexpectedPhonecalls).toBe(0);
});

test('with 30 % of Dataverse requests failing, every client number becomes exactly one contact', () => {
  expect(result.counts.contacts).toBe(result.counts.clients);
  expect(result.counts.duplicateContacts).toBe(0);
  expect(result.counts.clientsWithoutContact).toBe(0);
});

test('transient faults never dead-letter an event', () => {
  expect(result.counts.dead).toBe(0);
  expect(result.passed).toBe(true);
});
