import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ContactCandidate } from '../domain/contact-directory';

/**
 * All SQL of the phone directory. Two tables: contacts (state, modifiedon, owner) and numbers (E.164 →
 * contact). A full sync writes into `*_next` tables and swaps them in one transaction, so lookups keep
 * answering from the previous complete copy while Dataverse is being read.
 */
export interface StoredContact {
  contact: ContactCandidate;
  /** E.164 numbers found in the contact's phone columns. */
  numbers: string[];
}

export interface AmbiguousNumber {
  e164: string;
  contacts: ContactCandidate[];
}

interface ContactRow {
  contactid: string;
  statecode: number;
  modifiedon: string;
  ownerid: string | null;
  owner_type: string | null;
}

const SCHEMA = (suffix: string) => `
  CREATE TABLE IF NOT EXISTS contacts${suffix} (
    contactid TEXT PRIMARY KEY, statecode INTEGER NOT NULL, modifiedon TEXT NOT NULL,
    ownerid TEXT, owner_type TEXT) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS numbers${suffix} (
    e164 TEXT NOT NULL, contactid TEXT NOT NULL, PRIMARY KEY (e164, contactid)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS numbers${suffix}_by_contact ON numbers${suffix} (contactid);`;

export function createSqlitePhoneStore(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`${SCHEMA('')} CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);

  const find = db.prepare<[string], ContactRow>(
    `SELECT c.* FROM numbers n JOIN contacts c ON c.contactid = n.contactid WHERE n.e164 = ?`,
  );
  const getState = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?');
  const setState = db.prepare('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)');
  let staging = false;
  let changed = true;
  let counted: { contacts: number; numbers: number; ambiguousNumbers: number } | undefined;

  const writer = (suffix: string) => ({
    upsert: db.prepare(`INSERT OR REPLACE INTO contacts${suffix} VALUES (?, ?, ?, ?, ?)`),
    clearNumbers: db.prepare(`DELETE FROM numbers${suffix} WHERE contactid = ?`),
    addNumber: db.prepare(`INSERT OR IGNORE INTO numbers${suffix} (e164, contactid) VALUES (?, ?)`),
    remove: db.prepare(`DELETE FROM contacts${suffix} WHERE contactid = ?`),
  });
  const live = writer('');
  let next: ReturnType<typeof writer> | undefined;

  function write(target: ReturnType<typeof writer>, rows: StoredContact[], deleted: string[]) {
    if (target === live) changed = true;
    for (const { contact, numbers } of rows) {
      const { contactid, statecode, modifiedon } = contact;
      target.upsert.run(contactid, statecode, modifiedon, contact.ownerid ?? null, contact.ownerType ?? null);
      target.clearNumbers.run(contactid);
      for (const e164 of numbers) target.addNumber.run(e164, contactid);
    }
    for (const id of deleted) {
      target.clearNumbers.run(id);
      target.remove.run(id);
    }
  }

  return {
    find: (e164: string): ContactCandidate[] => find.all(e164).map(toCandidate),

    /** Applies changes to the live tables (and to the full sync in progress, so none is lost in the swap). */
    apply: db.transaction((rows: StoredContact[], deleted: string[]) => {
      write(live, rows, deleted);
      if (next) write(next, rows, deleted);
    }),

    beginFullSync(): void {
      db.exec('DROP TABLE IF EXISTS contacts_next; DROP TABLE IF EXISTS numbers_next;' + SCHEMA('_next'));
      next = writer('_next');
      staging = true;
    },
    addToFullSync: db.transaction((rows: StoredContact[]) => {
      if (!next) throw new Error('addToFullSync called outside a full sync');
      write(next, rows, []);
    }),
    commitFullSync: db.transaction((deltaLink: string, at: string) => {
      db.exec(`DELETE FROM numbers; DELETE FROM contacts;
        INSERT INTO contacts SELECT * FROM contacts_next; INSERT INTO numbers SELECT * FROM numbers_next;
        DROP TABLE contacts_next; DROP TABLE numbers_next;`);
      next = undefined;
      staging = false;
      changed = true;
      setState.run('deltaLink', deltaLink);
      setState.run('lastFullSyncAt', at);
      setState.run('lastSyncAt', at);
    }),
    abortFullSync(): void {
      next = undefined;
      staging = false;
      db.exec('DROP TABLE IF EXISTS contacts_next; DROP TABLE IF EXISTS numbers_next;');
    },
    get fullSyncInProgress() {
      return staging;
    },

    state: (key: 'deltaLink' | 'lastSyncAt' | 'lastFullSyncAt'): string | undefined =>
      getState.get(key)?.value,
    saveDelta: db.transaction((deltaLink: string, at: string) => {
      setState.run('deltaLink', deltaLink);
      setState.run('lastSyncAt', at);
    }),

    /** Recounted only after the data changed: /readyz and /metrics ask often, 100,000 rows take a while. */
    counts() {
      if (counted && !changed) return counted;
      const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      counted = {
        contacts: one('SELECT COUNT(*) AS n FROM contacts'),
        numbers: one('SELECT COUNT(DISTINCT e164) AS n FROM numbers'),
        ambiguousNumbers: one(
          'SELECT COUNT(*) AS n FROM (SELECT e164 FROM numbers GROUP BY e164 HAVING COUNT(*) > 1)',
        ),
      };
      changed = false;
      return counted;
    },

    ambiguous(limit = 1000): AmbiguousNumber[] {
      const shared = db
        .prepare<[number], { e164: string }>(
          'SELECT e164 FROM numbers GROUP BY e164 HAVING COUNT(*) > 1 ORDER BY e164 LIMIT ?',
        )
        .all(limit);
      return shared.map(({ e164 }) => ({ e164, contacts: find.all(e164).map(toCandidate) }));
    },

    close: () => db.close(),
  };
}

export type SqlitePhoneStore = ReturnType<typeof createSqlitePhoneStore>;

function toCandidate(row: ContactRow): ContactCandidate {
  return {
    contactid: row.contactid,
    statecode: row.statecode,
    modifiedon: row.modifiedon,
    ...(row.ownerid !== null ? { ownerid: row.ownerid } : {}),
    ...(row.owner_type === 'systemuser' || row.owner_type === 'team' ? { ownerType: row.owner_type } : {}),
  };
}
