import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';
import { walkCallHistory } from '../../../webhook-receiver/src/ringostat-api/call-history-walk';
import { startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

const from = new Date('2026-01-01T00:00:00Z');
const to = new Date('2026-01-31T00:00:00Z');
const now = () => new Date('2026-02-01T00:00:00Z');

function allCallIds(fx: RingostatFixture): string[] {
  const ids: string[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = fx.inbox.list({ limit: 500, ...(beforeId !== undefined ? { beforeId } : {}) });
    if (page.length === 0) return ids;
    ids.push(...page.map((e) => e.callId));
    beforeId = page[page.length - 1]?.id;
  }
}

describe('backfill of the call history through the inbox', () => {
  let fx: RingostatFixture;
  afterEach(() => fx.close());

  it('lands each of 20,000 calls exactly once, splitting the period under the 6,500-call limit', async () => {
    fx = await startRingostatFixture();
    const calls = generateCallLog({ count: 20_000, from, to });
    fx.server.emulator.seedCalls(calls);

    const progress: number[] = [];
    const result = await walkCallHistory({
      api: fx.api(),
      inbox: fx.inbox,
      from,
      to,
      timeZone: 'Europe/Kyiv',
      now,
      source: 'backfill',
      windowMs: 31 * 86_400_000, // one window for the whole month: far over the limit, must be halved
      onProgress: (p) => progress.push(p.doneMs / p.totalMs),
    });

    expect(result).toMatchObject({ new: 20_000, known: 0, skipped: 0 });
    const ids = allCallIds(fx);
    expect(ids).toHaveLength(20_000);
    expect(new Set(ids)).toEqual(new Set(calls.map((c) => c.uniqueid)));
    expect(result.requests).toBeGreaterThan(Math.ceil(20_000 / 6500));
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const again = await walkCallHistory({
      api: fx.api(),
      inbox: fx.inbox,
      from,
      to,
      timeZone: 'Europe/Kyiv',
      now,
      source: 'backfill',
    });
    expect(again).toMatchObject({ new: 0, known: 20_000, skipped: 0 });
  }, 120_000);

  it('also splits when Ringostat silently truncates at the limit instead of refusing', async () => {
    fx = await startRingostatFixture({ overLimit: 'truncate', callLimit: 500 });
    fx.server.emulator.seedCalls(generateCallLog({ count: 3_000, from, to }));
    const result = await walkCallHistory({
      api: fx.api(),
      inbox: fx.inbox,
      from,
      to,
      timeZone: 'Europe/Kyiv',
      now,
      source: 'backfill',
      limit: 500,
    });
    expect(result).toMatchObject({ new: 3_000, known: 0 });
    expect(new Set(allCallIds(fx)).size).toBe(3_000);
  });

  it('maps incoming calls to after-call and outgoing ones to after-outgoing-call, skipping calls in progress', async () => {
    fx = await startRingostatFixture();
    const [incoming, outgoing, ringing] = generateCallLog({
      count: 3,
      from,
      to: new Date('2026-01-01T00:03:00Z'),
      seed: 7,
    });
    fx.server.emulator.seedCalls([
      {
        ...incoming!,
        call_type: 'in',
        caller: '380671112233',
        dst: '380441112233',
        billsec: 0,
        disposition: 'NO ANSWER',
      },
      { ...outgoing!, call_type: 'out', caller: '"Іван Петренко" <company_manager1>', dst: '380501234567' },
      { ...ringing!, call_type: 'in', disposition: 'IN PROGRESS' },
    ]);
    const problems: string[] = [];
    const result = await walkCallHistory({
      api: fx.api(),
      inbox: fx.inbox,
      from,
      to,
      timeZone: 'Europe/Kyiv',
      now,
      source: 'backfill',
      onProblem: (p) => problems.push(p),
    });
    expect(result).toMatchObject({ new: 2, skipped: 1 });
    expect(problems).toEqual([`${ringing!.uniqueid}: still in progress`]);
    const entries = fx.inbox.list({}).sort((a, b) => a.id - b.id);
    expect(entries.map((e) => [e.event, e.callId])).toEqual([
      ['after-call', incoming!.uniqueid],
      ['after-outgoing-call', outgoing!.uniqueid],
    ]);
    expect(entries[0]?.payload).toMatchObject({
      caller: '380671112233',
      billsec: 0,
      callDate: '2026-01-01T00:00:00.000Z',
    });
    expect(entries[1]?.payload).toMatchObject({
      caller: 'company_manager1',
      callerName: 'Іван Петренко',
      dst: '380501234567',
    });
    expect(entries[0]?.raw.url).toBe('/calls/list#backfill');
  });

  it('stops with a clear error when even one second holds more calls than the limit', async () => {
    fx = await startRingostatFixture({ callLimit: 2 });
    const row = generateCallLog({ count: 1, from, to })[0]!;
    fx.server.emulator.seedCalls([0, 1, 2].map((i) => ({ ...row, uniqueid: `same-second-${i}` })));
    const error = await walkCallHistory({
      api: fx.api(),
      inbox: fx.inbox,
      from,
      to: new Date('2026-01-01T01:00:00Z'),
      timeZone: 'Europe/Kyiv',
      now,
      source: 'backfill',
      limit: 2,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'limit' });
    expect((error as Error).message).toContain('cannot be split further');
  });
});
