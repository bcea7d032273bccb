import { crashDrill } from '../../scripts/drill/crash';
import type { DrillResult } from '../../scripts/drill/drill-types';

/** The crash drill at CI size: 60 calls, the receiver process killed with SIGKILL five times. */
let result: DrillResult;

beforeAll(async () => {
  result = await crashDrill.run('ci');
}, 150_000);

test('the receiver process is killed five times and comes back each time', () => {
  expect(result.counts.kills).toBe(5);
});

test('after five kills no call is lost: every event is in the inbox and done', () => {
  expect(result.counts.undelivered).toBe(0);
  expect(result.counts.missingInInbox).toBe(0);
  expect(result.counts.done).toBe(result.counts.events);
  expect(result.counts.dead).toBe(0);
  expect(result.counts.lostCalls).toBe(0);
});

test('after five kills nothing is duplicated: one phone call per call, one contact per number', () => {
  expect(result.counts.phonecalls).toBe(60);
  expect(result.counts.duplicatePhonecalls).toBe(0);
  expect(result.counts.duplicateContacts).toBe(0);
  expect(result.counts.contacts).toBe(result.counts.clients);
  expect(result.passed).toBe(true);
});
