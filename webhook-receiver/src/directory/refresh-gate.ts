import type { Clock } from '../clock';

/**
 * Decides when the directory reads Dataverse again, so that a lookup that found nothing can be sure it
 * saw every contact that existed when it asked — without one request per unknown caller.
 *
 * - Refreshes run one at a time.
 * - A miss is covered by a refresh that started after it. If one is already running but started
 *   earlier, the miss waits for the next one; all misses waiting share that next refresh.
 * - Two refreshes start at least `minIntervalMs` apart: a burst of unknown callers costs one delta read
 *   per interval, not one per call (Dataverse allows 6,000 requests per 5 minutes per user — Microsoft
 *   Learn, "Service protection API limits").
 */
export interface RefreshGateOptions<T> {
  run: (reason: string) => Promise<T>;
  clock: Clock;
  minIntervalMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createRefreshGate<T>(options: RefreshGateOptions<T>) {
  const { run, clock, minIntervalMs } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  let chain: Promise<unknown> = Promise.resolve();
  let inFlight: { startedAt: number; promise: Promise<T> } | undefined;
  let queued: Promise<T> | undefined;
  let tickets = 0;
  let lastStartedAt = Number.NEGATIVE_INFINITY;
  let lastSucceededFrom = Number.NEGATIVE_INFINITY;

  /** Starts a refresh now (after any running one). */
  function start(reason: string): Promise<T> {
    const startedAt = clock.now().getTime();
    lastStartedAt = startedAt;
    const promise = chain.then(
      () => run(reason),
      () => run(reason),
    );
    chain = promise.catch(() => undefined);
    inFlight = { startedAt, promise };
    promise.then(
      () => {
        lastSucceededFrom = Math.max(lastSucceededFrom, startedAt);
      },
      () => undefined,
    );
    void chain.then(() => {
      if (inFlight?.promise === promise) inFlight = undefined;
    });
    return promise;
  }

  /** Resolves once a refresh that started after `missAt` (epoch ms) has finished. */
  function covering(missAt: number): Promise<unknown> {
    if (inFlight && inFlight.startedAt > missAt) return inFlight.promise;
    if (!inFlight && lastSucceededFrom > missAt) return Promise.resolve();
    if (queued) return queued;
    const ticket = ++tickets;
    queued = (async () => {
      // Yield first, so `queued` is set before it is cleared below.
      await (inFlight?.promise.catch(() => undefined) ?? Promise.resolve());
      const wait = lastStartedAt + minIntervalMs - clock.now().getTime();
      if (wait > 0) await sleep(wait);
      if (tickets === ticket) queued = undefined;
      return start('on-demand');
    })();
    return queued;
  }

  return {
    start,
    covering,
    /** Whether a refresh is running or waiting to run. */
    get busy(): boolean {
      return inFlight !== undefined || queued !== undefined;
    },
    /** Resolves when nothing is running (failures included). */
    async idle(): Promise<void> {
      while (inFlight || queued) await (queued ?? inFlight?.promise)?.catch(() => undefined);
    },
  };
}
