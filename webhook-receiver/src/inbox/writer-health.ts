import type { WriterHealth } from './writer-thread';

/**
 * The writer thread's state for /readyz (docs/adr/0083-readiness-tells-the-truth.md): failed from a
 * commit that did not reach the disk until a commit that wrote something succeeds. A batch of claims that
 * found nothing writes nothing and proves nothing, so it leaves the state as it is. While failed,
 * `heartbeat` (a one-row write) runs every `retryMs`, so the state turns back when space returns even
 * if no webhook arrives.
 */
export interface WriterHealthTracker {
  health(): WriterHealth;
  /** A batch committed; `wrote` when it changed at least one row. */
  committed(wrote: boolean): void;
  failed(error: string): void;
  stop(): void;
}

export function createWriterHealthTracker(options: {
  heartbeat: () => Promise<unknown>;
  now?: () => Date;
  retryMs?: number;
}): WriterHealthTracker {
  const now = options.now ?? (() => new Date());
  const retryMs = options.retryMs ?? 2_000;
  let state: WriterHealth = { ok: true };
  let timer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (timer || state.ok) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A failed heartbeat reports itself through `failed`, which schedules the next try.
      options.heartbeat().catch(() => undefined);
    }, retryMs);
    timer.unref();
  }

  return {
    health: () => state,
    committed(wrote) {
      if (wrote) state = { ok: true };
    },
    failed(error) {
      if (state.ok) state = { ok: false, error, since: now() };
      else state = { ...state, error };
      schedule();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
