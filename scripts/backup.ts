import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir } from '../webhook-receiver/src/data-dir/backup-data-dir';
import { rowsOf } from '../webhook-receiver/src/data-dir/backup-manifest';

/**
 * `npm run backup [-- --to <folder>]`: a consistent copy of DATA_DIR taken while the receiver runs
 * (SQLite online backup), checked, with backup.json listing every file. Default folder:
 * ./backups/ringostat-<UTC time>. Restore with `npm run restore -- --from <folder>`.
 */
const USAGE = 'usage: npm run backup [-- --to <folder>]   (DATA_DIR from the environment, default ./.data)';

async function main(): Promise<number> {
  let to: string | undefined;
  try {
    const args = process.argv.slice(2).filter((a) => a !== '--');
    to = parseArgs({ args, options: { to: { type: 'string' } } }).values.to;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR?.trim() || '.data');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = resolve(to ?? join('backups', `ringostat-${stamp}`));
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
