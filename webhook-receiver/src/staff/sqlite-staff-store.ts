import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { MappedStaff } from './staff-mapping';

/**
 * The staff directory as last refreshed, in DATA_DIR/staff-directory.sqlite, so a restart while Ringostat
 * or Dataverse is unreachable still maps employees to users. Employees' phone numbers are not kept
 * (personal data the mapping does not need); names, e-mails, extensions and SIP logins are.
 */

export const STAFF_DIRECTORY_FILE = 'staff-directory.sqlite';

export interface StaffStore {
  load(): { staff: MappedStaff[]; refreshedAt?: string };
  /** Replaces the whole directory in one transaction. */
  replace(staff: readonly MappedStaff[], at: Date): void;
  close(): void;
}

interface Row {
  staff_id: string;
  entry: string;
}

export function createSqliteStaffStore(options: { file: string }): StaffStore {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS staff (staff_id TEXT PRIMARY KEY, entry TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS staff_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const all = db.prepare<[], Row>('SELECT staff_id, entry FROM staff ORDER BY CAST(staff_id AS INTEGER)');
  const meta = db.prepare<[string], { value: string }>('SELECT value FROM staff_meta WHERE key = ?');
  const clear = db.prepare('DELETE FROM staff');
  const insert = db.prepare('INSERT INTO staff (staff_id, entry) VALUES (?, ?)');
  const setMeta = db.prepare(
    'INSERT INTO staff_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const replace = db.transaction((staff: readonly MappedStaff[], at: Date) => {
    clear.run();
    for (const member of staff) insert.run(member.staffId, JSON.stringify(member));
    setMeta.run('refreshed_at', at.toISOString());
  });
  return {
    load() {
      const staff = all.all().map((row) => JSON.parse(row.entry) as MappedStaff);
      const refreshedAt = meta.get('refreshed_at')?.value;
      return refreshedAt ? { staff, refreshedAt } : { staff };
    },
    replace: (staff, at) => replace(staff, at),
    close: () => {
      if (db.open) db.close();
    },
  };
}
