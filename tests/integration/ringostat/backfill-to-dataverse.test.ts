import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';
import { walkCallHistory } from '../../../webhook-receiver/src/ringostat-api/call-history-walk';
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
});
