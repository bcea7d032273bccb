import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';
import { walkCallHistory } from '../../../webhook-receiver/src/ringostat-api/call-history-walk';
import { createReconciler } from '../../../webhook-receiver/src/ringostat-api/reconciler';
import { startCallStack, type CallStack } from '../calls/call-stack';
import { startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

const from = new Date('2026-02-01T00:00:00Z');
const to = new Date('2026-02-08T00:00:00Z');

describe('backfill through the inbox and the worker into Dataverse', () => {
  let fx: RingostatFixture;
  let stack: CallStack;
  beforeEach(async () => {
    fx = await startRingostatFixture({ callLimit: 100 });
    stack = await startCallStack();
  });
  afterEach(async () => {
    await stack.close();
    await fx.close();
  });

  it('logs every call of the period as exactly one phone call, whether or not its webhook came first', async () => {
    const calls = generateCallLog({ count: 300, from, to });
    fx.server.emulator.seedCalls(calls);

    // A third of the calls already arrived by webhook and were logged.
    for (const row of calls.filter((_, i) => i % 3 === 0)) {
      const response = await stack.post(row.call_type === 'out' ? 'after-outgoing-call' : 'after-call', row);
      expect(response.status).toBe(200);
    }
    await stack.settled();

    const result = await walkCallHistory({
      api: fx.api(),
      inbox: stack.inbox,
      from,
      to,
      timeZone: 'Europe/Kyiv',
      now: () => new Date(),
      source: 'backfill',
      limit: 100,
    });
    expect(result).toMatchObject({ new: 200, known: 100, skipped: 0 });
    expect(result.requests).toBeGreaterThan(3);
    stack.processing.wake();
    await stack.settled();

    expect(stack.inbox.stats(new Date())).toMatchObject({ done: 300, dead: 0 });
    const logged = stack.org.emulator.rows('phonecall').map((row) => row.ringo_callid);
    expect(logged).toHaveLength(300);
    expect(new Set(logged)).toEqual(new Set(calls.map((c) => c.uniqueid)));
  }, 120_000);

  it('after a webhook outage, reconciliation logs exactly the missing calls as phone calls', async () => {
    const now = new Date('2026-02-08T12:00:00Z');
    const calls = generateCallLog({
      count: 60,
      from: new Date(now.getTime() - 20 * 3_600_000),
      to: new Date(now.getTime() - 3_600_000),
    });
    fx.server.emulator.seedCalls(calls);
    const delivered = [...calls.slice(0, 20), ...calls.slice(45)];
    for (const row of delivered) {
      await stack.post(row.call_type === 'out' ? 'after-outgoing-call' : 'after-call', row);
    }
    await stack.settled();
    const before = new Set(stack.org.emulator.rows('phonecall').map((row) => row.ringo_callid));
    expect(before.size).toBe(delivered.length);

    const reconciler = createReconciler({ api: fx.api(), inbox: stack.inbox, clock: { now: () => now } });
    expect(await reconciler.runOnce()).toEqual({ new: 25, known: 35, skipped: 0, mismatched: 0 });
    stack.processing.wake();
    await stack.settled();

    const logged = stack.org.emulator.rows('phonecall').map((row) => row.ringo_callid as string);
    expect(logged).toHaveLength(60);
    expect(logged.filter((id) => !before.has(id)).sort()).toEqual(
      calls
        .slice(20, 45)
        .map((c) => c.uniqueid)
        .sort(),
    );
  }, 120_000);
});
