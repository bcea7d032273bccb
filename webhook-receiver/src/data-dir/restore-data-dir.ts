import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readManifest, MANIFEST_FILE, sha256Of, type BackupManifest } from './backup-manifest';
import { checkedRows } from './backup-data-dir';
import { openByProcess } from './open-by-process';

/**
 * Puts a backup made by backupDataDir back into DATA_DIR (docs/adr/0121-backup-and-restore.md). Every
 * file is checked against the manifest (size, SHA-256, and for SQLite the integrity check and row counts)
 * before anything in DATA_DIR changes. DATA_DIR must hold none of the backed-up files, unless `replace`:
 * then the files there are moved aside into DATA_DIR/replaced-<time>/ (never deleted). A receiver that
 * still has the files open stops the restore.
 */
export interface RestoreResult {
  manifest: BackupManifest;
  /** Where files DATA_DIR held before were moved (with `replace`). */
  movedAsideTo?: string;
}

export function restoreDataDir(options: {
  from: string;
  dataDir: string;
  replace?: boolean;
  now?: Date;
}): RestoreResult {
  const from = resolve(options.from);
  const dataDir = resolve(options.dataDir);
  const manifestFile = join(from, MANIFEST_FILE);
  if (!existsSync(manifestFile))
    throw new Error(
      `${from} has no ${MANIFEST_FILE}: it is not a backup made by \`npm run backup\`, or that backup did not finish`,
    );
  const manifest = readManifest(manifestFile);
  for (const file of manifest.files) verify(from, file);

  const present = manifest.files.map((f) => f.name).filter((name) => existsSync(join(dataDir, name)));
  const sqliteFiles = present
    .flatMap((name) => [name, `${name}-wal`, `${name}-shm`])
    .map((n) => join(dataDir, n));
  const users = openByProcess(sqliteFiles);
  if (users.length > 0)
    throw new Error(
      `process ${users.join(', ')} still has the files in ${dataDir} open: stop the receiver first ` +
        '(e.g. `systemctl stop ringostat-receiver`), then restore again',
    );
  if (present.length > 0 && !options.replace)
    throw new Error(
      `${dataDir} already holds ${present.join(', ')}: restore into an empty DATA_DIR, or add --replace ` +
        'to move those files aside first',
    );

  mkdirSync(dataDir, { recursive: true });
  let movedAsideTo: string | undefined;
  if (present.length > 0) {
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    movedAsideTo = join(dataDir, `replaced-${stamp}`);
    mkdirSync(movedAsideTo, { mode: 0o700 });
    for (const name of readdirSync(dataDir))
      if (present.some((p) => name === p || name.startsWith(`${p}-`)))
        renameSync(join(dataDir, name), join(movedAsideTo, name));
  }
  // Copy under a temporary name, then rename: a restore that stops half-way leaves no half file in place.
  for (const file of manifest.files) {
    const target = join(dataDir, file.name);
    copyFileSync(join(from, file.name), `${target}.restoring`);
    chmodSync(`${target}.restoring`, 0o600);
    renameSync(`${target}.restoring`, target);
  }
  return movedAsideTo ? { manifest, movedAsideTo } : { manifest };
}

function verify(from: string, file: BackupManifest['files'][number]): void {
  const copy = join(from, file.name);
  if (!existsSync(copy)) throw new Error(`the backup lacks ${file.name}, which its manifest lists`);
  if (statSync(copy).size !== file.bytes || sha256Of(copy) !== file.sha256)
    throw new Error(`${copy} differs from the backup manifest (damaged or edited): restore another backup`);
  if (!file.rows) return;
  const rows = checkedRows(copy);
  for (const [table, count] of Object.entries(file.rows))
    if (rows[table] !== count)
      throw new Error(`${copy}: table ${table} has ${rows[table] ?? 0} rows, the manifest says ${count}`);
}
