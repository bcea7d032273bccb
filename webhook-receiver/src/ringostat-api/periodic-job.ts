import { coerceError } from '../errors';

/**
 * A job run at start and then every `intervalMs`, never twice at once: a run asked for while one is in
 * progress gets that run's result. `stop()` waits for the run in progress. Failures of the timed runs go
 * to `onError`; `runOnce()` hands them to its caller. The timer never keeps the process alive.
 */
export interface PeriodicJob<T> {
  start(): void;
  stop(): Promise<void>;
  runOnce(): Promise<T>;
  /** True between start() and stop(). */
  started(): boolean;
}

export function createPeriodicJob<T>(
  run: () => Promise<T>,
  intervalMs: number,
  onError?: (error: Error) => void,
): PeriodicJob<T> {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<T> | undefined;

  function runOnce(): Promise<T> {
    current ??= run().finally(() => {
      current = undefined;
    });
    return current;
  }

  function tick(): void {
    runOnce().catch((error: unknown) => onError?.(coerceError(error)));
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
    started: () => timer !== undefined,
  };
}
