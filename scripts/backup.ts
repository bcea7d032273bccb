import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir } from '../webhook-receiver/src/data-dir/backup-data-dir';
import { rowsOf } from '../webhook-receiver/src/data-dir/backup-manifest';

/**
 * `npm run backup [-- --to <folder> | --into <parent folder>]`: a consistent copy of DATA_DIR taken while the receiver runs
 * (SQLite online backup), checked, with backup.json listing every file. Default folder:
 * ./backups/ringostat-<UTC time>; --into puts ringostat-<UTC time> in another folder (the systemd timer). Restore with `npm run restore -- --from <folder>`.
 */
const USAGE =
  'usage: npm run backup [-- --to <new folder> | --into <parent folder>]   (DATA_DIR from the environment, default ./.data)';

async function main(): Promise<number> {
  let to: string | undefined;
  let into: string | undefined;
  try {
    const args = process.argv.slice(2).filter((a) => a !== '--');
    ({ to, into } = parseArgs({
      args,
      options: { to: { type: 'string' }, into: { type: 'string' } },
    }).values);
    if (to && into) throw new Error('give --to or --into, not both');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR?.trim() || '.data');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = resolve(to ?? join(into ?? 'backups', `ringostat-${stamp}`));
  try {
    const manifest = await backupDataDir({ dataDir, to: target });
    console.log(`backed up ${dataDir} into ${target}:`);
    for (const file of manifest.files) {
      console.log(`  ${file.name} (${file.bytes} bytes)${rowsOf(file)}`);
    }
    console.log(`Restore it with: npm run restore -- --from '${target.replace(/'/g, "'\\''")}'`);
    return 0;
  } catch (error) {
    console.error(`backup failed: ${(error as Error).message}\nNothing in DATA_DIR was changed.`);
    return 1;
  }
}

void main().then((code) => (process.exitCode = code));
