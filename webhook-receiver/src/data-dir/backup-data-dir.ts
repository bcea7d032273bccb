import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  isStateFile,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  sha256Of,
  type BackupFile,
  type BackupManifest,
} from './backup-manifest';

/**
 * Copies DATA_DIR while the receiver runs (docs/adr/0121-backup-and-restore.md). SQLite files go through
 * SQLite's online backup API (better-sqlite3 `db.backup()`, https://www.sqlite.org/backup.html): it copies
 * a consistent snapshot of committed pages, takes no lock the receiver waits on for long, and includes what
 * is still in the WAL, which a plain file copy would miss or tear. Each copy is checked with
 * `PRAGMA integrity_check` before the manifest is written; the manifest is written last, so a folder
 * without backup.json is an unfinished backup.
 */
export async function backupDataDir(options: {
  dataDir: string;
  to: string;
  now?: Date;
}): Promise<BackupManifest> {
  const dataDir = resolve(options.dataDir);
  const to = resolve(options.to);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory())
    throw new Error(`DATA_DIR ${dataDir} is not a directory: nothing to back up (check DATA_DIR)`);
  if (to === dataDir || to.startsWith(`${dataDir}/`))
    throw new Error(`the backup folder ${to} is inside DATA_DIR; choose a folder outside it`);
  if (existsSync(to) && readdirSync(to).length > 0)
    throw new Error(
      `the backup folder ${to} is not empty; choose a new folder (backups are never overwritten)`,
    );
  // The copies hold the tokens and callers' numbers: readable by this user only.
  mkdirSync(to, { recursive: true, mode: 0o700 });
  chmodSync(to, 0o700);

  const names = readdirSync(dataDir).filter(
    (name) => isStateFile(name) && statSync(join(dataDir, name)).isFile(),
  );
  const files: BackupFile[] = [];
  for (const name of names.sort()) {
    const target = join(to, name);
    if (name.endsWith('.sqlite')) {
      const source = new Database(join(dataDir, name), { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        await source.backup(`${target}.partial`);
      } finally {
        source.close();
      }
      selfContained(`${target}.partial`);
      renameSync(`${target}.partial`, target);
      files.push({ ...describe(target, name), rows: checkedRows(target) });
    } else {
      copyFileSync(join(dataDir, name), target);
      files.push(describe(target, name));
    }
  }
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    createdAt: (options.now ?? new Date()).toISOString(),
    dataDir,
    files,
  };
  writeFileSync(join(to, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * The copy keeps the source's WAL mode in its header, so every later open (even read-only) would leave
 * -wal/-shm files beside it. Rollback-journal mode makes it one self-contained file; the receiver switches
 * it back to WAL when it opens the restored file.
 */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function describe(file: string, name: string): BackupFile {
  chmodSync(file, 0o600);
  return { name, bytes: statSync(file).size, sha256: sha256Of(file) };
}

/** Row counts per table of a SQLite copy, after `integrity_check` says it is sound. */
export function checkedRows(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} failed SQLite's integrity check: ${String(integrity)}`);
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => [
        table,
        db
          .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
          .pluck()
          .get() as number,
      ]),
    );
  } finally {
    db.close();
  }
}
