import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { supersedes, type ExtensionObservation, type ObservationSource } from './observe-extension';

/**
 * The local state the forwarding answer reads (docs/adr/0133): CRM users (enabled or not, Ringostat staff
 * id), the destinations learned from calls, and the last Dataverse settings values — in
 * `DATA_DIR/forwarding.sqlite`, mirrored in memory. The answer path reads the maps only; SQLite is there
 * so a restart while Dataverse is down still answers with what was known. All SQL of forwarding is here.
 */
export interface CrmUser {
  systemuserid: string;
  staffId?: string;
  disabled: boolean;
}

export type StateKey =
  'dataverseValues' | 'applicationUserId' | 'usersLoadedAt' | 'settingsReadAt' | 'scanCursor';

export function createForwardingStore(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      systemuserid TEXT PRIMARY KEY, staffid TEXT, disabled INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS learned (
      staffid TEXT PRIMARY KEY, destination TEXT NOT NULL, source TEXT NOT NULL, seen_at TEXT NOT NULL)
      WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);

  const setState = db.prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)');
  const putUser = db.prepare('INSERT INTO users (systemuserid, staffid, disabled) VALUES (?, ?, ?)');
  const putLearned = db.prepare('INSERT OR REPLACE INTO learned VALUES (?, ?, ?, ?)');

  const users = new Map<string, CrmUser>();
  const staffOwners = new Map<string, string[]>();
  const learned = new Map<string, ExtensionObservation>();
  const state = new Map<string, string>();

  function indexUsers(rows: CrmUser[]): void {
    users.clear();
    staffOwners.clear();
    for (const user of rows) {
      users.set(user.systemuserid, user);
      if (user.staffId)
        staffOwners.set(user.staffId, [...(staffOwners.get(user.staffId) ?? []), user.systemuserid]);
    }
  }

  type UserRow = { systemuserid: string; staffid: string | null; disabled: number };
  indexUsers(
    (db.prepare('SELECT * FROM users').all() as UserRow[]).map((r) => ({
      systemuserid: r.systemuserid,
      ...(r.staffid ? { staffId: r.staffid } : {}),
      disabled: r.disabled === 1,
    })),
  );
  type LearnedRow = { staffid: string; destination: string; source: ObservationSource; seen_at: string };
  for (const r of db.prepare('SELECT * FROM learned').all() as LearnedRow[]) {
    learned.set(r.staffid, {
      staffId: r.staffid,
      destination: r.destination,
      source: r.source,
      seenAt: r.seen_at,
    });
  }
  for (const r of db.prepare('SELECT key, value FROM state').all() as Array<{ key: string; value: string }>) {
    state.set(r.key, r.value);
  }

  const replaceUsers = db.transaction((rows: CrmUser[], at: string) => {
    db.exec('DELETE FROM users');
    for (const u of rows) putUser.run(u.systemuserid, u.staffId ?? null, u.disabled ? 1 : 0);
    setState.run('usersLoadedAt', at);
  });

  return {
    user: (systemuserid: string): CrmUser | undefined => users.get(systemuserid),
    /** The CRM users that carry this Ringostat staff id (normally one). */
    usersOfStaff: (staffId: string): string[] => staffOwners.get(staffId) ?? [],
    userCount: () => users.size,
    replaceUsers(rows: CrmUser[], at: string): void {
      const normalised = rows.map((u) => ({ ...u, systemuserid: u.systemuserid.toLowerCase() }));
      replaceUsers(normalised, at);
      indexUsers(normalised);
      state.set('usersLoadedAt', at);
    },

    learned: (staffId: string): ExtensionObservation | undefined => learned.get(staffId),
    allLearned: (): ExtensionObservation[] => [...learned.values()],
    /** Keeps the observation when it beats what is known; returns whether it did. */
    observe(observations: ExtensionObservation[]): number {
      const kept = observations.filter((o) => {
        if (!supersedes(o, learned.get(o.staffId))) return false;
        learned.set(o.staffId, o);
        return true;
      });
      if (kept.length > 0) {
        db.transaction(() => {
          for (const o of kept) putLearned.run(o.staffId, o.destination, o.source, o.seenAt);
        })();
      }
      return kept.length;
    },

    state: (key: StateKey): string | undefined => state.get(key),
    setState(key: StateKey, value: string): void {
      setState.run(key, value);
      state.set(key, value);
    },
    close: () => db.close(),
  };
}

export type ForwardingStore = ReturnType<typeof createForwardingStore>;
