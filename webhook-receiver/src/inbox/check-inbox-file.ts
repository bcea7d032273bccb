import type Database from 'better-sqlite3';
import { InboxDamagedError } from '../errors';

/**
 * `PRAGMA quick_check` when the inbox opens (https://www.sqlite.org/pragma.html#pragma_quick_check): a
 * damaged file stops the receiver with a clear message instead of answering 200 to webhooks it cannot
 * keep. quick_check skips the index-content cross-check of integrity_check, so it stays linear in the
 * file size (well under a second for a month of calls).
 */
const MAX_FINDINGS = 5;

export function checkInboxFile(db: Database.Database, file: string): void {
  let rows: unknown[];
  try {
    rows = db.pragma(`quick_check(${MAX_FINDINGS})`) as unknown[];
  } catch (thrown) {
    throw damagedOr(thrown, file);
  }
  const findings = rows.map((row) => String(Object.values(row as Record<string, unknown>)[0]));
  if (findings.length === 1 && findings[0] === 'ok') return;
  throw new InboxDamagedError(file, findings);
}

/** SQLITE_NOTADB / SQLITE_CORRUPT while opening mean a damaged file; other errors pass through unchanged. */
export function damagedOr(thrown: unknown, file: string): unknown {
  const code = (thrown as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new InboxDamagedError(file, [`${String(code)}: ${(thrown as Error).message}`]);
  }
  return thrown;
}
