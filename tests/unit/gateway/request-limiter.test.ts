import {
  createRequestLimiter,
  requestLimiterFor,
} from '../../../webhook-receiver/src/dataverse/request-limiter';

/** A request that finishes when the test says so. */
function deferred() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { done, finish, fail };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('request limiter', () => {
  test('never has more than maxConcurrent requests in flight; the rest start first come, first served', async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 2 });
    const started: number[] = [];
    const requests = Array.from({ length: 5 }, () => deferred());
    const runs = requests.map((r, i) =>
      limiter.run(async () => {
        started.push(i);
        await r.done;
        return i;
      }),
    );
    for (const run of runs) run.catch(() => undefined); // settled below
    await flush();
    expect(started).toEqual([0, 1]);
    expect([limiter.inFlight(), limiter.waiting()]).toEqual([2, 3]);

    requests[1]?.finish();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    requests[0]?.fail(new Error('Dataverse 500'));
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const r of requests) r.finish();
    expect(await Promise.allSettled(runs)).toEqual([
      { status: 'rejected', reason: new Error('Dataverse 500') },
      ...[1, 2, 3, 4].map((value) => ({ status: 'fulfilled', value })),
    ]);
    expect([limiter.inFlight(), limiter.waiting()]).toEqual([0, 0]);
  });

  test('a request marked first goes ahead of the waiting ones (the directory refresh many calls wait for)', async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 1 });
    const order: string[] = [];
    const blocker = deferred();
    const first = limiter.run(() => blocker.done);
    const queued = ['write 1', 'write 2'].map((name) => limiter.run(async () => void order.push(name)));
    const refresh = limiter.run(async () => void order.push('refresh'), { first: true });
    blocker.finish();
    await Promise.all([first, ...queued, refresh]);
    expect(order).toEqual(['refresh', 'write 1', 'write 2']);
  });

  test('after a 429 with Retry-After no request starts until that moment', async () => {
    let now = Date.parse('2026-03-02T12:00:00Z');
    const limiter = createRequestLimiter({ maxConcurrent: 5, clock: { now: () => new Date(now) } });
    limiter.pause(40);
    let startedAt: number | undefined;
    const waiting = limiter.run(async () => void (startedAt = now));
    await flush();
    expect(startedAt).toBeUndefined();
    expect(limiter.waiting()).toBe(1);
    now += 40;
    await waiting; // the resume timer fires after the pause and finds the clock past it
    expect(startedAt).toBe(Date.parse('2026-03-02T12:00:00.040Z'));
  });

  test('a shorter pause does not cut a longer one short, and a pause is capped at five minutes', async () => {
    let now = 0;
    const limiter = createRequestLimiter({ maxConcurrent: 1, clock: { now: () => new Date(now) } });
    limiter.pause(60 * 60_000); // an hour asked for
    limiter.pause(10);
    const order: string[] = [];
    const run = limiter.run(async () => void order.push('ran'));
    now = 5 * 60_000 - 1;
    await flush();
    expect(order).toEqual([]);
    // Five minutes on, a new 1 ms pause outlasts the capped one (it would not outlast an hour's).
    now = 5 * 60_000;
    limiter.pause(1);
    now += 1;
    await run;
    expect(order).toEqual(['ran']);
  });

  test('a 429 for the five-minute budgets pauses everyone; one for concurrent requests only refused that request', async () => {
    const now = 0;
    const limiter = createRequestLimiter({ maxConcurrent: 2, clock: { now: () => new Date(now) } });
    limiter.throttled({ retryAfterMs: 1_000, code: '0x80072326' }); // concurrent requests exceeded
    await limiter.run(async () => undefined); // not held
    limiter.throttled({ code: '0x80072322' }); // no Retry-After: nothing to wait for
    await limiter.run(async () => undefined);

    limiter.throttled({ retryAfterMs: 1_000, code: '0x80072322' }); // number of requests exceeded
    let ran = false;
    void limiter.run(async () => void (ran = true));
    await flush();
    expect([ran, limiter.waiting()]).toEqual([false, 1]);
    const other = createRequestLimiter({ maxConcurrent: 1, clock: { now: () => new Date(now) } });
    other.throttled({ retryAfterMs: 1_000 }); // a 429 without a code (a gateway in between): pause too
    void other.run(async () => undefined);
    await flush();
    expect(other.waiting()).toBe(1);
  });

  test('one limiter per org and application user, shared by every client of the receiver', () => {
    const a = requestLimiterFor({ url: 'https://a.crm4.dynamics.com', clientId: 'app', clientSecret: 's' });
    const again = requestLimiterFor({
      url: 'https://a.crm4.dynamics.com',
      clientId: 'app',
      clientSecret: 's',
    });
    const other = requestLimiterFor({
      url: 'https://b.crm4.dynamics.com',
      clientId: 'app',
      clientSecret: 's',
    });
    expect(again).toBe(a);
    expect(other).not.toBe(a);
    expect(a.maxConcurrent).toBe(52);
    expect(
      requestLimiterFor({ url: 'https://c.crm4.dynamics.com', staticToken: 't', maxConcurrentRequests: 8 })
        .maxConcurrent,
    ).toBe(8);
  });
});
