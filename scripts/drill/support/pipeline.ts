import Database from 'better-sqlite3';
import { join } from 'node:path';
import { loadConfig } from '../../../webhook-receiver/src/config';
import type { WorkerInbox } from '../../../webhook-receiver/src/inbox/inbox';
import {
  receiverLogger,
  startReceiver,
  type RunningReceiver,
} from '../../../webhook-receiver/src/start-receiver';
import type { ProcessingDeps } from '../../../webhook-receiver/src/worker/start-processing';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';
import { drillLogDestination } from './receiver-process';

/**
 * The whole receiver in this process — the real start-receiver.ts assembly with the real processing
 * extension (worker, gateway, admin API) — against a Dataverse emulator URL. The inbox handed to the
 * worker records the order in which entries complete, so drills can check order per call.
 */
export type WorkerTuning = NonNullable<ProcessingDeps['worker']>;

export interface Completion {
  id: number;
  seq: number;
}

export interface InProcessPipeline {
  receiver: RunningReceiver;
  url: string;
  /** Inbox ids in the order the worker completed them. */
  completions: Completion[];
  close(): Promise<void>;
}

export async function startPipeline(
  env: Record<string, string>,
  worker: WorkerTuning,
  refresh: ProcessingDeps['refresh'] = { startRetryMs: 500 },
): Promise<InProcessPipeline> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const completions: Completion[] = [];
  let seq = 0;
  const receiver = await startReceiver(
    config,
    (core) =>
      processingExtension(
        { ...core, writer: recordCompletions(core.writer, completions, () => seq++) },
        config.dataverse,
        {
          worker,
          ...(refresh ? { refresh } : {}),
        },
      ),
    { logger: receiverLogger(config, drillLogDestination()) },
  );
  return { receiver, url: receiver.url, completions, close: () => receiver.close() };
}

/** The worker's inbox steps (the writer thread), noting each completion once it committed. */
function recordCompletions<T extends WorkerInbox>(
  inbox: T,
  completions: Completion[],
  next: () => number,
): T {
  return new Proxy(inbox, {
    get(target, property, receiver) {
      if (property === 'complete')
        return async (id: number, opts: Parameters<WorkerInbox['complete']>[1]) => {
          await target.complete(id, opts);
          completions.push({ id, seq: next() });
        };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface InboxCounts {
  pending: number;
  processing: number;
  done: number;
  dead: number;
  rejected: number;
}

export interface InboxRow {
  id: number;
  event: string;
  callId: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** Reads the inbox file read-only (works while a receiver process writes it: WAL). */
export function readInbox(dataDir: string): {
  counts(): InboxCounts;
  entries(): InboxRow[];
  close(): void;
} {
  const db = new Database(join(dataDir, 'inbox.sqlite'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    counts() {
      const counts: InboxCounts = { pending: 0, processing: 0, done: 0, dead: 0, rejected: 0 };
      for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status').all() as Array<{
        status: keyof InboxCounts;
        n: number;
      }>)
        counts[row.status] = row.n;
      counts.rejected = (db.prepare('SELECT COUNT(*) AS n FROM rejected').get() as { n: number }).n;
      return counts;
    },
    entries: () =>
      db
        .prepare(
          'SELECT id, event, call_id AS callId, status, attempts, last_error AS lastError FROM inbox ORDER BY id',
        )
        .all() as InboxRow[],
    close: () => db.close(),
  };
}

/** Polls until no entry is pending or processing, or the deadline passes. Returns whether it drained. */
export async function waitForDrain(
  counts: () => InboxCounts,
  options: { expected: number; timeoutMs: number; log?: (m: string) => void },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let lastLog = 0;
  for (;;) {
    const c = counts();
    const settled = c.done + c.dead;
    if (settled >= options.expected && c.pending === 0 && c.processing === 0) return true;
    if (Date.now() > deadline) return false;
    if (options.log && Date.now() - lastLog > 5_000) {
      lastLog = Date.now();
      options.log(
        `${c.done} done, ${c.pending} pending, ${c.processing} processing, ${c.dead} dead of ${options.expected}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
