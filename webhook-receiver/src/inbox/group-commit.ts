import type { AcceptInput, AcceptResult, RejectInput } from './inbox';

/**
 * Group commit: webhooks that arrive in the same event-loop turn are committed in one SQLite transaction,
 * so one fsync covers many requests. Each caller's promise resolves only after that transaction
 * committed — the 200 still never outruns the data. Under light load a batch is a single event.
 */

export type AcceptEvent = (input: AcceptInput) => Promise<AcceptResult>;
/** Keeps a rejected request with its reason; resolves with the row id once it is stored. */
export type RejectEvent = (input: RejectInput) => Promise<number>;

export function createGroupCommit(inbox: {
  acceptMany(inputs: readonly AcceptInput[]): AcceptResult[];
}): AcceptEvent {
  let queue: Array<{ input: AcceptInput; resolve: (r: AcceptResult) => void; reject: (e: unknown) => void }> =
    [];

  function flush(): void {
    const batch = queue;
    queue = [];
    try {
      const results = inbox.acceptMany(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(results[i] as AcceptResult));
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  return (input) =>
    new Promise((resolve, reject) => {
      if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush);
    });
}
