import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CallFingerprint } from './call-fingerprint';

/**
 * Fingerprints of the webhooks the intake accepted (DATA_DIR/call-ids.sqlite), for the call-id guard:
 * by id (is this id already another call's?) and by client and time (does the call log's call match a
 * webhook that came under another id?). Derived data: a lost last write after a crash only weakens one
 * check, so commits are not fsynced one by one (synchronous=NORMAL in WAL mode).
 */

export const CALL_ID_FILE = 'call-ids.sqlite';

export interface CallIdStore {
  /** Stores a batch in one transaction (one WAL append instead of one per webhook). */
  remember(fingerprints: ReadonlyArray<{ fingerprint: CallFingerprint; receivedAt: Date }>): void;
  byCallId(callId: string): CallFingerprint[];
  /** Webhook calls of this direction and client that started within `windowMs` of `startedAt`. */
  near(direction: 'in' | 'out', client: string, startedAt: number, windowMs: number): CallFingerprint[];
  purge(olderThan: Date): number;
  close(): void;
}

interface Row {
  call_id: string;
  event: string;
  direction: 'in' | 'out';
  client: string | null;
  started_at: number;
}

export function createSqliteCallIdStore(options: { file: string }): CallIdStore {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS webhook_calls (
      call_id TEXT NOT NULL,
      event TEXT NOT NULL,
      direction TEXT NOT NULL,
      client TEXT,
      started_at INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      PRIMARY KEY (call_id, event)
    );
    CREATE INDEX IF NOT EXISTS webhook_calls_client ON webhook_calls (client, started_at);
    CREATE INDEX IF NOT EXISTS webhook_calls_age ON webhook_calls (received_at);
  `);
  const insert = db.prepare(
    `INSERT INTO webhook_calls (call_id, event, direction, client, started_at, received_at)
     VALUES (@callId, @event, @direction, @client, @startedAt, @receivedAt) ON CONFLICT DO NOTHING`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM webhook_calls WHERE call_id = ? LIMIT 20');
  const near = db.prepare<[string, number, number, string], Row>(
    `SELECT * FROM webhook_calls WHERE client = ? AND started_at BETWEEN ? AND ? AND direction = ? LIMIT 20`,
  );
  const purge = db.prepare('DELETE FROM webhook_calls WHERE received_at < ?');
  const rememberAll = db.transaction(
    (batch: ReadonlyArray<{ fingerprint: CallFingerprint; receivedAt: Date }>) => {
      for (const { fingerprint: f, receivedAt } of batch)
        insert.run({ ...f, client: f.client ?? null, receivedAt: receivedAt.getTime() });
    },
  );
  const toFingerprint = (row: Row): CallFingerprint => ({
    callId: row.call_id,
    event: row.event,
    direction: row.direction,
    ...(row.client ? { client: row.client } : {}),
    startedAt: row.started_at,
  });
  return {
    remember: (batch) => rememberAll(batch),
    byCallId: (callId) => byId.all(callId).map(toFingerprint),
    near: (direction, client, startedAt, windowMs) =>
      near.all(client, startedAt - windowMs, startedAt + windowMs, direction).map(toFingerprint),
    purge: (olderThan) => purge.run(olderThan.getTime()).changes,
    close: () => {
      if (db.open) db.close();
    },
  };
}
