import {
  createRequestBudget,
  outcomeOf,
  parseRequestBudget,
} from '../../../webhook-receiver/src/dataverse/request-budget';
import { createRequestLimiter } from '../../../webhook-receiver/src/dataverse/request-limiter';
import { dopHintOf } from '../../../webhook-receiver/src/dataverse/dop-hint';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the request budget (api-limits: requests and execution time per five-minute window)', () => {
  test('allows `limit` requests in a window, each counted until one window after its answer (plus a 1 % guard)', () => {
    const budget = createRequestBudget({ limit: 3, windowMs: 10_000 });
    for (const at of [0, 1_000, 2_000]) {
      expect(budget.waitMs(at)).toBe(0);
      budget.finish(budget.start(at), at + 50, 'ok');
    }
    // Dataverse counted the first one somewhere between 0 and 50: it is surely forgotten at 10,050.
    expect(budget.waitMs(2_500)).toBe(10_050 + 100 - 2_500);
    expect(budget.waitMs(10_150)).toBe(0);
  });

  test('requests still in flight fill the budget until their answers come back', () => {
    const budget = createRequestBudget({ limit: 2, windowMs: 10_000 });
    const first = budget.start(0);
    budget.start(0);
    expect(budget.waitMs(5)).toBe(Infinity);
    budget.finish(first, 40, 'ok');
    expect(budget.waitMs(50)).toBe(10_040 + 100 - 50);
  });

  test('a 429 for the number of requests teaches the org budget: the starts that were not refused', () => {
    const budget = createRequestBudget({ limit: 100, windowMs: 10_000 });
    const accepted = [0, 10, 20, 30].map((at) => budget.start(at));
    const refused = [40, 50].map((at) => budget.start(at));
    for (const t of accepted) budget.finish(t, 60, 'ok');
    for (const t of refused) budget.finish(t, 70, 'requests-exceeded');
    expect(budget.limit()).toBe(4);
    expect(budget.waitMs(80)).toBeGreaterThan(9_000);
  });

  test('the execution-time budget is paced only once Dataverse named it, at what was spent then', () => {
    const budget = createRequestBudget({ limit: 1_000, windowMs: 10_000 });
    for (const at of [0, 100, 200]) budget.finish(budget.start(at), at + 400, 'ok'); // 1,200 ms spent
    expect(budget.executionLimitMs()).toBeUndefined();
    expect(budget.waitMs(700)).toBe(0);
    budget.finish(budget.start(650), 700, 'execution-time-exceeded');
    expect(budget.executionLimitMs()).toBe(1_200);
    // Under the limit again once the first 400 ms leaves the window (finished at 400 → free at 10,400 + guard).
    expect(budget.waitMs(800)).toBe(10_400 + 100 - 800);
  });

  test('outcomes come from status and code, never from the message', () => {
    expect(outcomeOf({ status: 429, code: '0x80072322', message: 'Кількість запитів…' })).toBe(
      'requests-exceeded',
    );
    expect(outcomeOf({ status: 429, code: '0x80072321' })).toBe('execution-time-exceeded');
    expect(outcomeOf({ status: 429, code: '0x80072326' })).toBe('other');
    expect(outcomeOf({ status: 429, message: 'Number of requests exceeded the limit of 6000' })).toBe(
      'other',
    );
  });

  test('DATAVERSE_REQUEST_BUDGET reads <requests>/<seconds>', () => {
    expect(parseRequestBudget('6000/300')).toEqual({ limit: 6000, windowMs: 300_000 });
    expect(parseRequestBudget(' 200 / 20 ')).toEqual({ limit: 200, windowMs: 20_000 });
    for (const bad of ['6000', '0/300', '6000/0', 'lots/300'])
      expect(typeof parseRequestBudget(bad)).toBe('string');
  });
});

describe('the request limiter paces to the budget and to x-ms-dop-hint', () => {
  test('a backlog starts no more requests in a window than the budget allows', async () => {
    let now = 0;
    const limiter = createRequestLimiter({
      maxConcurrent: 52,
      budget: { limit: 5, windowMs: 1_000 },
      clock: { now: () => new Date(now) },
    });
    const startedAt: number[] = [];
    const runs = Array.from({ length: 8 }, () => limiter.run(async () => void startedAt.push(now)));
    await flush();
    expect(startedAt).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.waiting()).toBe(3);
    now = 1_010; // the window has moved past the first five starts and the 10 ms guard
    await Promise.all(runs);
    expect(startedAt).toEqual([0, 0, 0, 0, 0, 1_010, 1_010, 1_010]);
  });

  test('x-ms-dop-hint lowers the concurrency, never above DATAVERSE_MAX_CONCURRENT_REQUESTS', async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 10 });
    limiter.dopHint(4);
    expect(limiter.concurrency()).toBe(4);
    limiter.dopHint(64);
    expect(limiter.concurrency()).toBe(10);
    limiter.dopHint(0);
    expect(limiter.concurrency()).toBe(10);
    expect([dopHintOf('12'), dopHintOf('0'), dopHintOf('many'), dopHintOf(null)]).toEqual([
      12,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
