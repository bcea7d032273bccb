import { Worker } from 'node:worker_threads';
import type { AcceptEvent, RejectEvent } from './group-commit';
import type { AcceptResult, InboxEntry, WorkerInbox } from './inbox';
import { SQL } from './inbox-sql';
import { notApplicable, toEntry, type Row } from './sqlite-inbox';
import { createWriterHealthTracker } from './writer-health';

/**
 * Every write of the running receiver's hot path — accepting webhooks, keeping rejected ones, and the
 * worker's claims, lease renewals and settlements — on one SQLite connection on its own thread
 * (docs/adr/0074-one-writer-thread-for-the-inbox.md).
 *
 * - With synchronous=FULL every commit waits for an fsync, and better-sqlite3 waits synchronously: on the
 *   main thread that would stall every other request.
 * - One connection writes, so writers never wait for each other's locks (SQLite's busy handler sleeps
 *   in whole milliseconds, which two writing connections paid on every collision).
 * - Group commit: whatever arrives while one transaction commits goes into the next, in arrival order,
 *   so one fsync covers many webhooks and settlements. Each promise resolves only after its own
 *   transaction committed: the 200 never outruns the data, and a settled entry is on disk.
 *
 * The main thread keeps its own connection for reads and the rare admin write (createSqliteInbox).
 * The thread's code is plain JavaScript passed as a string (`eval: true`), so it runs the same under
 * tsx, jest and a bundle. The table must exist already (createSqliteInbox creates it).
 */
export interface WriterThread extends WorkerInbox {
  accept: AcceptEvent;
  reject: RejectEvent;
  claim(opts: { limit: number; now: Date; leaseMs: number }): Promise<InboxEntry[]>;
  extendLease(id: number, opts: { now: Date; leaseMs: number }): Promise<void>;
  complete(id: number, opts: { now: Date; outcome: string }): Promise<void>;
  retryLater(id: number, opts: { now: Date; runAt: Date; error: string }): Promise<void>;
  deadLetter(id: number, opts: { now: Date; error: string }): Promise<void>;
  /** Whether the last commit that wrote reached the disk (for /readyz). */
  health(): WriterHealth;
  /** Waits for the writes queued and in flight, then stops the thread. */
  close(): Promise<void>;
}

/**
 * A commit that failed on the disk (SQLITE_FULL, SQLITE_IOERR…) turns the receiver not ready until a
 * later commit that writes succeeds. While failed, a heartbeat write is tried every few seconds, so the
 * state turns back without waiting for traffic.
 */
export type WriterHealth = { ok: true } | { ok: false; error: string; since: Date };

/** One step of a transaction, as posted to the thread (times in epoch ms). */
type Op =
  | { k: 'accept'; payload: unknown; raw: unknown; receivedAt: number }
  | { k: 'reject'; event: string; status: number; reason: string; raw: unknown; receivedAt: number }
  | { k: 'claim'; limit: number; now: number; lockedUntil: number }
  | { k: 'extendLease'; id: number; now: number; lockedUntil: number }
  | { k: 'complete'; id: number; now: number; outcome: string }
  | { k: 'retryLater'; id: number; now: number; runAt: number; error: string }
  | { k: 'deadLetter'; id: number; now: number; error: string }
  | { k: 'heartbeat'; now: number };

/** Per step: its value, or why it did not apply (`missing`: no entry in a state that allows it). */
type StepResult = { ok: unknown } | { missing: true } | { error: string };

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Batch {
  ops: Op[];
  waiters: Waiter[];
}

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const sql = workerData.sql;
const insert = db.prepare(sql.insert);
const insertRejected = db.prepare(sql.reject);
const find = db.prepare(sql.findByKey);
const due = db.prepare(sql.due);
const lease = db.prepare(sql.lease);
const heartbeat = db.prepare(sql.heartbeat);
const updates = {
  extendLease: db.prepare(sql.extendLease),
  complete: db.prepare(sql.complete),
  retryLater: db.prepare(sql.retryLater),
  deadLetter: db.prepare(sql.deadLetter),
};
function step(op) {
  switch (op.k) {
    case 'accept': {
      const info = insert.run({
        event: op.payload.event,
        callId: op.payload.callId,
        payload: JSON.stringify(op.payload),
        raw: JSON.stringify(op.raw),
        receivedAt: op.receivedAt,
      });
      if (info.changes === 1) return { id: Number(info.lastInsertRowid), duplicate: false };
      return { id: find.get(op.payload.event, op.payload.callId).id, duplicate: true };
    }
    case 'reject': {
      const { k, raw, ...row } = op;
      return Number(insertRejected.run({ ...row, raw: JSON.stringify(raw) }).lastInsertRowid);
    }
    case 'claim':
      return due.all({ now: op.now, limit: op.limit })
        .map(({ id }) => lease.get({ id, lockedUntil: op.lockedUntil, now: op.now }));
    case 'heartbeat':
      return heartbeat.run({ now: op.now }).changes;
    default: {
      const { k, ...params } = op;
      return updates[k].run(params).changes === 0 ? undefined : null;
    }
  }
}
const commit = db.transaction((ops) => ops.map((op) => {
  try {
    const value = step(op);
    return value === undefined ? { missing: true } : { ok: value };
  } catch (error) {
    // A disk or lock error (SQLITE_FULL, SQLITE_IOERR…) may already have rolled the transaction back:
    // it fails the whole batch, so no step is reported committed that is not on disk. A constraint or a
    // plain JavaScript error concerns its own step only.
    const code = String((error && error.code) || '');
    if (code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')) throw error;
    return { error: String((error && error.message) || error) };
  }
}));
parentPort.on('message', (ops) => {
  if (ops === 'close') { db.close(); parentPort.close(); return; }
  // IMMEDIATE: take the write lock first. A deferred transaction that began with a read (a claim) could
  // not upgrade after the main connection wrote (SQLITE_BUSY_SNAPSHOT, no busy wait in WAL mode).
  try { parentPort.postMessage({ results: commit.immediate(ops) }); }
  catch (error) {
    const code = (error && error.code) || '';
    parentPort.postMessage({ error: (code ? code + ': ' : '') + String((error && error.message) || error) });
  }
});
`;

export function createWriterThread(options: { file: string; heartbeatRetryMs?: number }): WriterThread {
  const workerData = { driver: require.resolve('better-sqlite3'), file: options.file, sql: SQL };
  const tracker = createWriterHealthTracker({
    heartbeat: () => enqueue({ k: 'heartbeat', now: Date.now() }),
    ...(options.heartbeatRetryMs ? { retryMs: options.heartbeatRetryMs } : {}),
  });
  let thread: Worker | undefined;
  let inFlight: Batch | undefined;
  let queued: Batch = { ops: [], waiters: [] };
  let closed = false;
  let scheduled = false;
  let idle: (() => void) | undefined;

  function start(): Worker {
    const started = new Worker(THREAD_SOURCE, { eval: true, workerData });
    started.on('message', (message: { results?: StepResult[]; error?: string }) => {
      const batch = inFlight;
      inFlight = undefined;
      if (message.results) tracker.committed(wroteSomething(batch?.ops ?? [], message.results));
      else tracker.failed(message.error ?? 'the inbox commit failed');
      batch?.waiters.forEach((waiter, i) => {
        const result = message.results?.[i];
        if (!result) waiter.reject(new Error(message.error ?? 'the inbox commit failed'));
        else if ('ok' in result) waiter.resolve(result.ok);
        else if ('missing' in result) waiter.reject(notApplicable(idOf(batch.ops[i])));
        else waiter.reject(new Error(result.error));
      });
      send();
    });
    started.on('error', (error) => fail(error));
    started.on('exit', () => {
      thread = undefined;
      if (!closed) fail(new Error('the inbox writer thread stopped'));
    });
    return started;
  }

  function fail(error: Error): void {
    if (!closed) tracker.failed(error.message);
    const batch = inFlight;
    inFlight = undefined;
    batch?.waiters.forEach((waiter) => waiter.reject(error));
    if (!closed) send();
  }

  function send(): void {
    if (inFlight) return;
    if (queued.ops.length === 0) {
      idle?.();
      return;
    }
    inFlight = queued;
    queued = { ops: [], waiters: [] };
    thread ??= start();
    thread.postMessage(inFlight.ops);
  }

  function enqueue<T>(op: Op): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error('the inbox is closed'));
      queued.ops.push(op);
      queued.waiters.push({ resolve: resolve as (value: unknown) => void, reject });
      // With the thread idle, the batch leaves at the end of this event-loop turn rather than with the
      // first step, so every step queued in the same turn shares one message and one commit.
      if (!scheduled && !inFlight) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          send();
        });
      }
    });
  }

  // Started now rather than on the first webhook, so that one does not wait for the thread to boot.
  thread = start();

  return {
    // The objects go as they are: cloning them is cheaper for this thread than JSON.stringify, which
    // the writer thread does instead (the stored text is the same).
    accept: ({ payload, raw, receivedAt }) =>
      enqueue<AcceptResult>({ k: 'accept', payload, raw, receivedAt: receivedAt.getTime() }),
    reject: ({ event, status, reason, raw, receivedAt }) =>
      enqueue<number>({ k: 'reject', event, status, reason, raw, receivedAt: receivedAt.getTime() }),
    claim: async ({ limit, now, leaseMs }) =>
      (
        await enqueue<Row[]>({
          k: 'claim',
          limit,
          now: now.getTime(),
          lockedUntil: now.getTime() + leaseMs,
        })
      ).map(toEntry),
    extendLease: (id, { now, leaseMs }) =>
      enqueue({ k: 'extendLease', id, now: now.getTime(), lockedUntil: now.getTime() + leaseMs }),
    complete: (id, { now, outcome }) => enqueue({ k: 'complete', id, now: now.getTime(), outcome }),
    retryLater: (id, { now, runAt, error }) =>
      enqueue({ k: 'retryLater', id, now: now.getTime(), runAt: runAt.getTime(), error }),
    deadLetter: (id, { now, error }) => enqueue({ k: 'deadLetter', id, now: now.getTime(), error }),
    health: () => tracker.health(),
    close: async () => {
      if (closed) return;
      tracker.stop();
      if (inFlight || queued.ops.length > 0) await new Promise<void>((resolve) => (idle = resolve));
      closed = true;
      if (thread) {
        const exited = new Promise((resolve) => thread?.once('exit', resolve));
        thread.postMessage('close');
        await exited;
      }
    },
  };
}

/** A claim that found nothing wrote nothing: only a batch that changed a row proves the disk takes writes. */
function wroteSomething(ops: readonly Op[], results: readonly StepResult[]): boolean {
  return results.some((result, i) => {
    if (!('ok' in result)) return false;
    return ops[i]?.k !== 'claim' || (Array.isArray(result.ok) && result.ok.length > 0);
  });
}

function idOf(op: Op | undefined): number | string {
  return op && 'id' in op ? op.id : '?';
}
