/**
 * One writer per call (DESIGN.md §2): work that shares any key (a call id, a client number) runs one
 * after another, in the order it was handed in; work with disjoint keys runs in parallel. Each key's
 * chain is a promise tail in memory; a task waits for the current tails of all its keys, which are
 * always older tasks, so chains cannot deadlock. A failed task releases its keys like a finished one.
 */
export interface KeyedSerializer {
  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T>;
  /** Keys with queued or running work (0 when idle). */
  activeKeys(): number;
}

export function createKeyedSerializer(): KeyedSerializer {
  const tails = new Map<string, Promise<void>>();
  return {
    run(keys, work) {
      const unique = [...new Set(keys)];
      const before = unique.map((key) => tails.get(key)).filter((tail) => tail !== undefined);
      const result = Promise.all(before).then(work);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      for (const key of unique) tails.set(key, tail);
      void tail.then(() => {
        for (const key of unique) if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    activeKeys: () => tails.size,
  };
}
