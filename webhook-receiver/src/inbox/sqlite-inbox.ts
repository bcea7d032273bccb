import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InboxError } from '../errors';
import { checkInboxFile, damagedOr } from './check-inbox-file';
import type { InboxEventName, InboxPayload } from '../ringostat/inbox-payload';
import { SCHEMA, SCHEMA_VERSION, SQL } from './inbox-sql';
import type {
  AcceptInput,
  AcceptResult,
  Inbox,
  InboxEntry,
  InboxStats,
  InboxStatus,
  RawRequest,
  RejectedEntry,
} from './inbox';

/**
 * The durable inbox on one SQLite file (better-sqlite3, docs/adr/0002-sqlite-inbox.md).
 *
 * WAL + synchronous=FULL: a commit is on disk (fsync of the WAL) before `accept` returns, so the 200 that
 * follows it never outruns the data (https://www.sqlite.org/pragma.html#pragma_synchronous). better-sqlite3
 * is synchronous; one process owns the file, and busy_timeout covers a second reader such as a CLI.
 */

export interface SqliteInbox extends Inbox {
  /** Commits several events in one transaction (one fsync): the group commit used under load. */
  acceptMany(inputs: readonly AcceptInput[]): AcceptResult[];
  readonly file: string;
}

const MAX_LIST = 500;

export interface Row {
  id: number;
  event: string;
  call_id: string;
  status: string;
  payload: string;
  raw: string;
  received_at: number;
  attempts: number;
  run_at: number;
  locked_until: number | null;
  last_error: string | null;
  outcome: string | null;
  updated_at: number;
}

interface RejectedRow {
  id: number;
  event: string;
  status: number;
  reason: string;
  raw: string;
  received_at: number;
}

export function createSqliteInbox(options: { file: string }): SqliteInbox {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    checkInboxFile(db, options.file);
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } catch (thrown) {
    db.close();
    throw damagedOr(thrown, options.file);
  }

  const stmt = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as {
    [K in keyof typeof SQL]: Database.Statement;
  };

  function acceptOne({ payload, raw, receivedAt }: AcceptInput): AcceptResult {
    const info = stmt.insert.run({
      event: payload.event,
      callId: payload.callId,
      payload: JSON.stringify(payload),
      raw: JSON.stringify(raw),
      receivedAt: receivedAt.getTime(),
    });
    if (info.changes === 1) return { id: Number(info.lastInsertRowid), duplicate: false };
    const existing = stmt.findByKey.get(payload.event, payload.callId) as { id: number };
    return { id: existing.id, duplicate: true };
  }

  const acceptMany = db.transaction((inputs: readonly AcceptInput[]) => inputs.map(acceptOne));

  const claim = db.transaction((limit: number, now: number, lockedUntil: number) => {
    const ids = stmt.due.all({ now, limit }) as Array<{ id: number }>;
    return ids.map(({ id }) => stmt.lease.get({ id, lockedUntil, now }) as Row);
  });

  function update(statement: Database.Statement, id: number, params: Record<string, unknown>): void {
    if (statement.run({ id, ...params }).changes === 0) throw notApplicable(id);
  }

  return {
    file: options.file,
    accept: (input) => acceptOne(input),
    acceptMany: (inputs) => acceptMany(inputs),
    reject: (input) =>
      Number(
        stmt.reject.run({
          event: input.event,
          status: input.status,
          reason: input.reason,
          raw: JSON.stringify(input.raw),
          receivedAt: input.receivedAt.getTime(),
        }).lastInsertRowid,
      ),
    claim: ({ limit, now, leaseMs }) =>
      claim.immediate(limit, now.getTime(), now.getTime() + leaseMs).map(toEntry),
    extendLease: (id, { now, leaseMs }) =>
      update(stmt.extendLease, id, { now: now.getTime(), lockedUntil: now.getTime() + leaseMs }),
    complete: (id, { now, outcome }) => update(stmt.complete, id, { now: now.getTime(), outcome }),
    retryLater: (id, { now, runAt, error }) =>
      update(stmt.retryLater, id, { now: now.getTime(), runAt: runAt.getTime(), error }),
    deadLetter: (id, { now, error }) => update(stmt.deadLetter, id, { now: now.getTime(), error }),
    requeue: (id, now) => stmt.requeue.run({ id, now: now.getTime() }).changes === 1,
    get: (id) => {
      const row = stmt.get.get(id) as Row | undefined;
      return row && toEntry(row);
    },
    findEvent: (event, callId) => {
      const found = stmt.findByKey.get(event, callId) as { id: number } | undefined;
      const row = found && (stmt.get.get(found.id) as Row | undefined);
      return row ? toEntry(row) : undefined;
    },
    list: ({ status, limit, beforeId }) =>
      (
        stmt.list.all({ status: status ?? null, beforeId: beforeId ?? null, limit: clamp(limit) }) as Row[]
      ).map(toEntry),
    listRejected: ({ limit, beforeId }) =>
      (stmt.listRejected.all({ beforeId: beforeId ?? null, limit: clamp(limit) }) as RejectedRow[]).map(
        toRejected,
      ),
    stats: (now) => stats(now),
    purgeDone: (olderThan) => stmt.purgeDone.run(olderThan.getTime()).changes,
    purgeRejected: (olderThan) => stmt.purgeRejected.run(olderThan.getTime()).changes,
    close: () => {
      if (db.open) db.close();
    },
  };

  function stats(now: Date): InboxStats {
    const counts: InboxStats = {
      pending: 0,
      processing: 0,
      done: 0,
      dead: 0,
      rejected: 0,
      oldestPendingAgeSeconds: null,
    };
    for (const { status, n } of stmt.countByStatus.all() as Array<{ status: InboxStatus; n: number }>) {
      counts[status] = n;
    }
    counts.rejected = (stmt.countRejected.get() as { n: number }).n;
    const oldest = (stmt.oldestPending.get() as { t: number | null }).t;
    if (oldest !== null) counts.oldestPendingAgeSeconds = Math.max(0, (now.getTime() - oldest) / 1000);
    return counts;
  }
}

function clamp(limit: number | undefined): number {
  return Math.min(Math.max(1, Math.floor(limit ?? 50)), MAX_LIST);
}

/** A state change that found no entry in a state that allows it. */
export function notApplicable(id: number | string): InboxError {
  return new InboxError(`Inbox entry ${id} does not exist (or is not in a state that allows this change)`);
}

export function toEntry(row: Row): InboxEntry {
  const entry: InboxEntry = {
    id: row.id,
    event: row.event as InboxEventName,
    callId: row.call_id,
    status: row.status as InboxStatus,
    payload: JSON.parse(row.payload) as InboxPayload,
    raw: JSON.parse(row.raw) as RawRequest,
    receivedAt: new Date(row.received_at),
    attempts: row.attempts,
    runAt: new Date(row.run_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.locked_until !== null) entry.lockedUntil = new Date(row.locked_until);
  if (row.last_error !== null) entry.lastError = row.last_error;
  if (row.outcome !== null) entry.outcome = row.outcome;
  return entry;
}

function toRejected(row: RejectedRow): RejectedEntry {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    reason: row.reason,
    raw: JSON.parse(row.raw) as RawRequest,
    receivedAt: new Date(row.received_at),
  };
}
