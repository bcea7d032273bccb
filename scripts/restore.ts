import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rowsOf } from '../webhook-receiver/src/data-dir/backup-manifest';
import { restoreDataDir } from '../webhook-receiver/src/data-dir/restore-data-dir';

/**
 * `npm run restore -- --from <backup folder> [--replace]`: puts a backup made by `npm run backup` into
 * DATA_DIR, after checking every file against its manifest. The receiver must be stopped. DATA_DIR must
 * be empty of the backed-up files unless --replace, which moves them aside into DATA_DIR/replaced-<time>/.
 */
const USAGE =
  'usage: npm run restore -- --from <backup folder> [--replace]   (into DATA_DIR, default ./.data)';

function main(): number {
  let values: { from?: string; replace?: boolean };
  try {
    const args = process.argv.slice(2).filter((a) => a !== '--');
    values = parseArgs({ args, options: { from: { type: 'string' }, replace: { type: 'boolean' } } }).values;
    if (!values.from) throw new Error('--from <backup folder> is required');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR?.trim() || '.data');
  try {
    const result = restoreDataDir({ from: values.from, dataDir, replace: values.replace === true });
    console.log(
      `restored ${result.manifest.files.length} files from ${resolve(values.from)} into ${dataDir}:`,
    );
    for (const file of result.manifest.files) {
      console.log(`  ${file.name}${rowsOf(file)}`);
    }
    if (result.movedAsideTo) console.log(`The files DATA_DIR held before are in ${result.movedAsideTo}.`);
    console.log('Start the receiver again (npm run serve, or systemctl start ringostat-receiver).');
    return 0;
  } catch (error) {
    console.error(`restore failed: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main();
