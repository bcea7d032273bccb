import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * What the contact-book sync remembers between runs (docs/adr/0062-contact-book-state.md): per contact,
 * the hash of the entry last pushed to Ringostat (so an unchanged contact is never pushed again) and the
 * contact's `modifiedon` at that time (so a call to an unchanged contact needs no Dataverse read), and
 * named cursors (where `npm run ringostat:sync-contacts` resumes). A small SQLite file of its own under
 * DATA_DIR (`ringostat-contact-book.sqlite`), apart from the inbox.
 */

export interface ContactBookStore {
  pushedHash(contactId: string): string | undefined;
  rememberPushed(contactId: string, hash: string, at: Date): void;
  /** The contact's `modifiedon` when Ringostat last had its current entry (pushed or found unchanged). */
  syncedVersion(contactId: string): string | undefined;
  rememberSyncedVersion(contactId: string, modifiedon: string): void;
  cursor(name: string): string | undefined;
  saveCursor(name: string, value: string | undefined, at: Date): void;
  close(): void;
}

export const CONTACT_BOOK_FILE = 'ringostat-contact-book.sqlite';

export function createSqliteContactBookStore(options: { file: string }): ContactBookStore {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS contact_book_pushes (
      contactid TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      pushed_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS contact_versions (
      contactid TEXT PRIMARY KEY,
      modifiedon TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sync_cursors (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
  `);
  const getHash = db.prepare<[string], { hash: string }>(
    'SELECT hash FROM contact_book_pushes WHERE contactid = ?',
  );
  const putHash = db.prepare(
    `INSERT INTO contact_book_pushes (contactid, hash, pushed_at) VALUES (?, ?, ?)
     ON CONFLICT (contactid) DO UPDATE SET hash = excluded.hash, pushed_at = excluded.pushed_at`,
  );
  const getVersion = db.prepare<[string], { modifiedon: string }>(
    'SELECT modifiedon FROM contact_versions WHERE contactid = ?',
  );
  const putVersion = db.prepare(
    `INSERT INTO contact_versions (contactid, modifiedon) VALUES (?, ?)
     ON CONFLICT (contactid) DO UPDATE SET modifiedon = excluded.modifiedon`,
  );
  const getCursor = db.prepare<[string], { value: string }>('SELECT value FROM sync_cursors WHERE name = ?');
  const putCursor = db.prepare(
    `INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const dropCursor = db.prepare('DELETE FROM sync_cursors WHERE name = ?');

  return {
    pushedHash: (id) => getHash.get(id.toLowerCase())?.hash,
    rememberPushed(id, hash, at) {
      putHash.run(id.toLowerCase(), hash, at.toISOString());
    },
    syncedVersion: (id) => getVersion.get(id.toLowerCase())?.modifiedon,
    rememberSyncedVersion(id, modifiedon) {
      putVersion.run(id.toLowerCase(), modifiedon);
    },
    cursor: (name) => getCursor.get(name)?.value,
    saveCursor(name, value, at) {
      if (value === undefined) dropCursor.run(name);
      else putCursor.run(name, value, at.toISOString());
    },
    close: () => db.close(),
  };
}
