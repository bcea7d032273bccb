/**
 * Every SQL statement of the SQLite inbox, in one place. Times are integer milliseconds since the epoch.
 * States and transitions: see the diagram in ./inbox.ts.
 */

export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS inbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  event        TEXT    NOT NULL,
  call_id      TEXT    NOT NULL,
  status       TEXT    NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'processing', 'done', 'dead')),
  payload      TEXT    NOT NULL,
  raw          TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  run_at       INTEGER NOT NULL,
  locked_until INTEGER,
  last_error   TEXT,
  outcome      TEXT,
  updated_at   INTEGER NOT NULL,
  UNIQUE (event, call_id)
);
CREATE INDEX IF NOT EXISTS inbox_due ON inbox (status, run_at, id);
CREATE INDEX IF NOT EXISTS inbox_done_age ON inbox (status, updated_at);
CREATE INDEX IF NOT EXISTS inbox_call ON inbox (call_id, id);

CREATE TABLE IF NOT EXISTS rejected (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  event       TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  reason      TEXT    NOT NULL,
  raw         TEXT    NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rejected_age ON rejected (received_at);

-- One row the writer thread rewrites to find out whether the disk takes writes again (writer-health.ts).
CREATE TABLE IF NOT EXISTS heartbeat (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at INTEGER NOT NULL
);
`;

export const SQL = {
  insert: `INSERT INTO inbox (event, call_id, payload, raw, received_at, run_at, updated_at)
           VALUES (@event, @callId, @payload, @raw, @receivedAt, @receivedAt, @receivedAt)
           ON CONFLICT (event, call_id) DO NOTHING`,
  findByKey: `SELECT id FROM inbox WHERE event = ? AND call_id = ?`,
  reject: `INSERT INTO rejected (event, status, reason, raw, received_at)
           VALUES (@event, @status, @reason, @raw, @receivedAt)`,

  /**
   * Due pending entries, and processing entries whose lease ran out (a crashed worker's) — but never one
   * whose call has an older entry still waiting: events of one call complete in the order they arrived,
   * also when a retry pushed the older one's run_at past the younger's (e.g. after a Dataverse outage).
   */
  due: `SELECT id FROM inbox AS i
        WHERE ((i.status = 'pending' AND i.run_at <= @now) OR (i.status = 'processing' AND i.locked_until <= @now))
          AND NOT EXISTS (SELECT 1 FROM inbox AS o
                          WHERE o.call_id = i.call_id AND o.id < i.id AND o.status IN ('pending', 'processing'))
        ORDER BY i.run_at, i.id LIMIT @limit`,
  lease: `UPDATE inbox SET status = 'processing', locked_until = @lockedUntil, attempts = attempts + 1,
            updated_at = @now
          WHERE id = @id RETURNING *`,
  extendLease: `UPDATE inbox SET locked_until = @lockedUntil, updated_at = @now
                WHERE id = @id AND status = 'processing'`,
  complete: `UPDATE inbox SET status = 'done', outcome = @outcome, locked_until = NULL, updated_at = @now
             WHERE id = @id`,
  retryLater: `UPDATE inbox SET status = 'pending', run_at = @runAt, last_error = @error, locked_until = NULL,
                 updated_at = @now
               WHERE id = @id`,
  deadLetter: `UPDATE inbox SET status = 'dead', last_error = @error, locked_until = NULL, updated_at = @now
               WHERE id = @id`,
  /** Admin retry: attempts start again from zero; the last error stays for reference. */
  requeue: `UPDATE inbox SET status = 'pending', run_at = @now, attempts = 0, locked_until = NULL,
              updated_at = @now
            WHERE id = @id AND status = 'dead'`,

  get: `SELECT * FROM inbox WHERE id = ?`,
  list: `SELECT * FROM inbox
         WHERE (@status IS NULL OR status = @status) AND (@beforeId IS NULL OR id < @beforeId)
         ORDER BY id DESC LIMIT @limit`,
  listRejected: `SELECT * FROM rejected WHERE (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit`,
  countByStatus: `SELECT status, COUNT(*) AS n FROM inbox GROUP BY status`,
  countRejected: `SELECT COUNT(*) AS n FROM rejected`,
  oldestPending: `SELECT MIN(received_at) AS t FROM inbox WHERE status = 'pending'`,
  purgeDone: `DELETE FROM inbox WHERE status = 'done' AND updated_at < ?`,
  purgeRejected: `DELETE FROM rejected WHERE received_at < ?`,
  heartbeat: `INSERT INTO heartbeat (id, at) VALUES (1, @now) ON CONFLICT (id) DO UPDATE SET at = excluded.at`,
} as const;
