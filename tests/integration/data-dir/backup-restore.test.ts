import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { backupDataDir } from '../../../webhook-receiver/src/data-dir/backup-data-dir';
import { MANIFEST_FILE } from '../../../webhook-receiver/src/data-dir/backup-manifest';
import { restoreDataDir } from '../../../webhook-receiver/src/data-dir/restore-data-dir';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';

/**
 * Backup of a running receiver's DATA_DIR and restore into a fresh one, with real receivers on real
 * SQLite files: every event acknowledged before the backup began is in the restored inbox under the same
 * id, even with webhooks arriving while the backup runs.
 */
jest.setTimeout(60_000);

const TOKEN = 'backup-token-0123456789';
let root: string;
const receivers: RunningReceiver[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'backup-restore-'));
});
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

async function receiverOn(dataDir: string): Promise<RunningReceiver> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
  });
  const receiver = await startReceiver(config);
  receivers.push(receiver);
  return receiver;
}

async function post(
  receiver: RunningReceiver,
  uniqueid: string,
): Promise<{ id: number; duplicate: boolean }> {
  const response = await fetch(`${receiver.url}/ringostat/after-call?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      uniqueid,
      calldate: '2026-03-02 14:05:11',
      caller: '380671112233',
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: '80',
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: number; duplicate: boolean };
}

test('a backup taken under load restores into a fresh DATA_DIR with every acknowledged event and rejected request', async () => {
  const live = join(root, 'live');
  const first = await receiverOn(live);
  const before = await Promise.all(Array.from({ length: 60 }, (_, i) => post(first, `before-${i}`)));
  const bad = await fetch(`${first.url}/ringostat/after-call?token=${TOKEN}`, { method: 'POST' });
  expect(bad.status).toBe(400);
  writeFileSync(join(live, 'webhook-token'), 'kept-token\n', { mode: 0o600 });

  // Webhooks keep arriving while the backup copies the database.
  let during = 0;
  let stop = false;
  const load = (async () => {
    while (!stop) await post(first, `during-${during++}`);
  })();
  const manifest = await backupDataDir({ dataDir: live, to: join(root, 'backup') });
  stop = true;
  await load;

  const inbox = manifest.files.find((file) => file.name === 'inbox.sqlite');
  expect(inbox?.rows?.inbox).toBeGreaterThanOrEqual(before.length);
  expect(inbox?.rows?.rejected).toBe(1);
  expect(manifest.files.map((file) => file.name)).toEqual(['inbox.sqlite', 'webhook-token']);
  expect(statSync(join(root, 'backup')).mode & 0o777).toBe(0o700);
  expect(readdirSync(join(root, 'backup')).sort()).toEqual([MANIFEST_FILE, 'inbox.sqlite', 'webhook-token']);

  const fresh = join(root, 'fresh');
  restoreDataDir({ from: join(root, 'backup'), dataDir: fresh });
  expect(readFileSync(join(fresh, 'webhook-token'), 'utf8')).toBe('kept-token\n');
  const second = await receiverOn(fresh);
  for (const [i, accepted] of before.entries())
    expect(await post(second, `before-${i}`)).toEqual({
      status: 'accepted',
      id: accepted.id,
      duplicate: true,
    });
  expect(second.inbox.listRejected({ limit: 10 })).toHaveLength(1);
  // The restored inbox holds exactly what the manifest counted: a consistent snapshot, not a torn copy.
  const stats = second.inbox.stats(new Date());
  expect(stats.pending + stats.processing + stats.done + stats.dead).toBe(inbox?.rows?.inbox);
  expect(during).toBeGreaterThan(0);
});

test('restore refuses a DATA_DIR that already holds data unless --replace, which moves it aside', async () => {
  const live = join(root, 'live');
  const receiver = await receiverOn(live);
  await post(receiver, 'one');
  await backupDataDir({ dataDir: live, to: join(root, 'backup') });
  await receiver.close();

  const occupied = join(root, 'occupied');
  const other = await receiverOn(occupied);
  await post(other, 'other');
  await other.close();
  expect(() => restoreDataDir({ from: join(root, 'backup'), dataDir: occupied })).toThrow(
    /already holds inbox\.sqlite: restore into an empty DATA_DIR, or add --replace/,
  );
  const result = restoreDataDir({ from: join(root, 'backup'), dataDir: occupied, replace: true });
  expect(result.movedAsideTo).toBeDefined();
  expect(existsSync(join(result.movedAsideTo ?? '', 'inbox.sqlite'))).toBe(true);
});

test('restore refuses while a process still has the DATA_DIR database open', async () => {
  const live = join(root, 'live');
  const receiver = await receiverOn(live);
  await post(receiver, 'one');
  await backupDataDir({ dataDir: live, to: join(root, 'backup') });
  // This very process holds the files; restore ignores its own pid, so a second process holds them too.
  const holder = spawn(process.execPath, [
    '-e',
    `require('fs').openSync(${JSON.stringify(join(live, 'inbox.sqlite'))}, 'r'); setInterval(() => {}, 1000)`,
  ]);
  try {
    await new Promise((r) => setTimeout(r, 300));
    expect(() => restoreDataDir({ from: join(root, 'backup'), dataDir: live, replace: true })).toThrow(
      new RegExp(`process ${holder.pid} still has the files in .* open: stop the receiver first`),
    );
  } finally {
    holder.kill();
  }
});

test('a damaged backup is refused before DATA_DIR changes', async () => {
  const live = join(root, 'live');
  const receiver = await receiverOn(live);
  await post(receiver, 'one');
  await backupDataDir({ dataDir: live, to: join(root, 'backup') });
  const copy = join(root, 'backup', 'inbox.sqlite');
  const bytes = readFileSync(copy);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
  writeFileSync(copy, bytes);
  const fresh = join(root, 'fresh');
  expect(() => restoreDataDir({ from: join(root, 'backup'), dataDir: fresh })).toThrow(
    /differs from the backup manifest \(damaged or edited\)/,
  );
  expect(existsSync(fresh)).toBe(false);
  await expect(backupDataDir({ dataDir: live, to: join(root, 'backup') })).rejects.toThrow(/is not empty/);
});
