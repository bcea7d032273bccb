import { Worker } from 'node:worker_threads';
import type { AcceptEvent } from './group-commit';
import type { RingostatEvent } from '../ringostat/ringostat-event';
import type { AcceptResult, RawRequest } from './inbox';
import { SQL } from './inbox-sql';

/**
 * Group commit on a worker thread. With synchronous=FULL every commit waits for an fsync (~3 ms on a
 * cloud disk), and better-sqlite3 waits synchronously: on the main thread that would stall every other
 * request. Here a second connection on a worker thread commits while the main thread keeps reading
 * requests; whatever arrives during one commit goes into the next. Each promise still resolves only
 * after its own transaction committed, so the 200 never outruns the data.
 *
 * The worker's code is plain JavaScript passed as a string (`eval: true`), so it runs the same under
 * tsx, jest and a bundle. The table must exist already (createSqliteInbox creates it).
 */

export interface ThreadedAccept {
  accept: AcceptEvent;
  /** Waits for the commit in flight, then stops the thread. */
  close(): Promise<void>;
}

interface Pending {
  rows: Array<{ payload: RingostatEvent; raw: RawRequest; receivedAt: number }>;
  settle: Array<{ resolve: (r: AcceptResult) => void; reject: (e: Error) => void }>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(workerData.insert);
const find = db.prepare(workerData.findByKey);
const commit = db.transaction((rows) => rows.map(({ payload, raw, receivedAt }) => {
  const info = insert.run({
    event: payload.event,
    callId: payload.callId,
    payload: JSON.stringify(payload),
    raw: JSON.stringify(raw),
    receivedAt,
  });
  if (info.changes === 1) return { id: Number(info.lastInsertRowid), duplicate: false };
  return { id: find.get(payload.event, payload.callId).id, duplicate: true };
}));
parentPort.on('message', (rows) => {
  if (rows === 'close') { db.close(); parentPort.close(); return; }
  try { parentPort.postMessage({ results: commit(rows) }); }
  catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); }
});
`;

export function createThreadedAccept(options: { file: string }): ThreadedAccept {
  const workerData = {
    driver: require.resolve('better-sqlite3'),
    file: options.file,
    insert: SQL.insert,
    findByKey: SQL.findByKey,
  };
  let worker: Worker | undefined;
  let inFlight: Pending | undefined;
  let queued: Pending = { rows: [], settle: [] };
  let closed = false;
  let scheduled = false;
  let idle: (() => void) | undefined;

  function start(): Worker {
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData });
    thread.on('message', (message: { results?: AcceptResult[]; error?: string }) => {
      const batch = inFlight;
      inFlight = undefined;
      batch?.settle.forEach((s, i) =>
        message.results ? s.resolve(message.results[i] as AcceptResult) : s.reject(new Error(message.error)),
      );
      send();
    });
    thread.on('error', (error) => fail(error));
    thread.on('exit', () => {
      worker = undefined;
      if (!closed) fail(new Error('the inbox commit thread stopped'));
    });
    return thread;
  }

  function fail(error: Error): void {
    const batch = inFlight;
    inFlight = undefined;
    batch?.settle.forEach((s) => s.reject(error));
    if (!closed) send();
  }

  function flush(): void {
    scheduled = false;
    send();
  }

  function send(): void {
    if (inFlight || queued.rows.length === 0) {
      if (!inFlight && queued.rows.length === 0) idle?.();
      return;
    }
    inFlight = queued;
    queued = { rows: [], settle: [] };
    worker ??= start();
    worker.postMessage(inFlight.rows);
  }

  // Started now rather than on the first webhook, so that one does not wait for the thread to boot.
  worker = start();

  return {
    accept: ({ payload, raw, receivedAt }) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error('the inbox is closed'));
        // The objects go as they are: cloning them is cheaper for this thread than JSON.stringify, which
        // the commit thread does instead (the stored text is the same).
        queued.rows.push({ payload, raw, receivedAt: receivedAt.getTime() });
        queued.settle.push({ resolve, reject });
        // With the thread idle, the batch leaves at the end of this event-loop turn rather than with the
        // first webhook, so every webhook parsed in the same turn shares one message and one commit.
        if (!scheduled && !inFlight) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
    close: async () => {
      if (inFlight || queued.rows.length > 0) await new Promise<void>((resolve) => (idle = resolve));
      closed = true;
      if (worker) {
        const exited = new Promise((resolve) => worker?.once('exit', resolve));
        worker.postMessage('close');
        await exited;
      }
    },
  };
}
