import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * What a backup of DATA_DIR holds (backup.json beside the copies): every file with its size and SHA-256,
 * and for SQLite files the row count of each table, so a restore can prove it got everything back.
 */
export const MANIFEST_FILE = 'backup.json';
export const MANIFEST_FORMAT = 'ringostat-receiver-backup/1';

export interface BackupFile {
  name: string;
  bytes: number;
  sha256: string;
  /** SQLite files: rows per table at the moment of the backup. */
  rows?: Record<string, number>;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  /** The DATA_DIR that was backed up (absolute path), for the record. */
  dataDir: string;
  files: BackupFile[];
}

/**
 * Files in DATA_DIR that are state. SQLite's -wal/-shm/-journal files are not: the online backup copies
 * committed pages into one self-contained file. The demo's emulator snapshot and demo.json are state of
 * the demo only but cost nothing to keep.
 */
export function isStateFile(name: string): boolean {
  if (/-(wal|shm|journal)$/.test(name) || name.startsWith('.') || name === MANIFEST_FILE) return false;
  return /\.sqlite$/.test(name) || /^(webhook-token|admin-token)$/.test(name) || /\.json$/.test(name);
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A backup folder's manifest, checked for shape; throws an Error naming the folder otherwise. */
export function readManifest(file: string): BackupManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} cannot be read as a backup manifest (${(error as Error).message})`, {
      cause: error,
    });
  }
  const manifest = parsed as Partial<BackupManifest>;
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files))
    throw new Error(`${file} is not a backup made by \`npm run backup\` (format ${String(manifest.format)})`);
  for (const entry of manifest.files)
    if (typeof entry?.name !== 'string' || !isStateFile(entry.name) || entry.name.includes('/'))
      throw new Error(`${file} lists an unexpected file ${JSON.stringify(entry?.name)}`);
  return manifest as BackupManifest;
}

/** " — inbox: 12, rejected: 1" for a SQLite file, "" otherwise (the commands' summaries). */
export function rowsOf(file: BackupFile): string {
  if (!file.rows) return '';
  return ` — ${Object.entries(file.rows)
    .map(([table, n]) => `${table}: ${n}`)
    .join(', ')}`;
}
