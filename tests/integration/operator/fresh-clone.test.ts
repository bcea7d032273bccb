import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, cloneRepository, run, start, stopAll, type Clone } from './fresh-clone';

/**
 * A new operator's first hour on a fresh clone of the repository, one step after the other in one clone
 * (each `npm ci` compiles better-sqlite3; two at once would load the machine for every other test).
 *
 * First the production path of the admin guide: `npm ci --omit=dev && npm run build &&
 * npm run serve` runs plain node on dist/receiver (no tsx installed at all) and accepts a webhook; a
 * backup taken with `npm run backup` while it runs restores with `npm run restore` into a fresh DATA_DIR,
 * and the receiver started on that copy holds every event acknowledged before the backup.
 * Then README "Running against a real Smart CRM", step 1: `npm ci && npm run pack` in the same clone,
 * which has never had webresources/dist or dist/*.zip, writes both zips.
 */
const MINUTE = 60_000;
jest.setTimeout(20 * MINUTE);

const TOKEN = 'production-build-token-0123456789';
const ADMIN = 'production-build-admin-0123456789';
const call = (uniqueid: string) => ({
  uniqueid,
  calldate: '2026-03-02 14:05:11',
  caller: '380671112233',
  dst: '380441112233',
  disposition: 'ANSWERED',
  billsec: '80',
});

let clone: Clone;
beforeAll(() => {
  clone = cloneRepository('fresh-clone');
});
afterAll(async () => {
  await stopAll();
  clone?.remove();
});

async function post(base: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/ringostat/after-call?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function serve(dataDir: string) {
  const env = cleanEnv({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
  });
  return start('npm', ['run', 'serve'], { cwd: clone.dir, env });
}

test('npm ci --omit=dev && npm run build && npm run serve accepts a webhook; a backup restores into a fresh DATA_DIR with every event', async () => {
  const npm = (args: string[], env = cleanEnv()) =>
    run('npm', args, { cwd: clone.dir, env, timeoutMs: 12 * MINUTE });
  const installed = await npm(['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline']);
  expect(installed).toMatchObject({ code: 0 });
  // Dev tooling is really absent, so nothing below can lean on it.
  expect(existsSync(join(clone.dir, 'node_modules', 'tsx'))).toBe(false);
  expect(existsSync(join(clone.dir, 'node_modules', 'jest'))).toBe(false);

  const built = await npm(['run', 'build']);
  expect(built.output).toContain('built 6 entry points into dist/receiver/');
  expect(built.code).toBe(0);

  const dataDir = mkdtempSync(join(tmpdir(), 'production-data-'));
  const first = serve(dataDir);
  const base = (await first.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
  const accepted = await post(base, call('prod-1'));
  expect(accepted).toMatchObject({ status: 200, json: { status: 'accepted', duplicate: false } });
  const rejected = await post(base, { uniqueid: 'prod-bad' });
  expect(rejected.status).toBe(400);

  const backupDir = join(mkdtempSync(join(tmpdir(), 'production-backup-')), 'b');
  const backup = await npm(['run', 'backup', '--', '--to', backupDir], cleanEnv({ DATA_DIR: dataDir }));
  expect(backup.output).toMatch(/inbox\.sqlite \(\d+ bytes\) — (heartbeat: \d+, )?inbox: 1, rejected: 1/);
  expect(backup.code).toBe(0);
  expect(await post(base, call('prod-after-backup'))).toMatchObject({ status: 200 });
  await first.stop();
  expect(first.output()).toContain('shutting down');

  const freshDir = join(mkdtempSync(join(tmpdir(), 'production-restored-')), 'data');
  const restored = await npm(['run', 'restore', '--', '--from', backupDir], cleanEnv({ DATA_DIR: freshDir }));
  expect(restored.output).toMatch(/inbox\.sqlite — (heartbeat: \d+, )?inbox: 1, rejected: 1/);
  expect(restored.code).toBe(0);

  const second = serve(freshDir);
  try {
    const base2 = (await second.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
    // The event acknowledged before the backup is there under its id; the one after it is not.
    expect(await post(base2, call('prod-1'))).toMatchObject({
      json: { id: accepted.json.id, duplicate: true },
    });
    expect(await post(base2, call('prod-after-backup'))).toMatchObject({ json: { duplicate: false } });
    const rejectedList = await fetch(`${base2}/admin/rejected`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(JSON.stringify(await rejectedList.json())).toContain('prod-bad');
  } finally {
    await second.stop();
  }
});

test('npm ci && npm run pack on a fresh clone builds the web resources and writes both zips', async () => {
  expect(existsSync(join(clone.dir, 'webresources', 'dist'))).toBe(false);
  const npm = (args: string[]) =>
    run('npm', args, { cwd: clone.dir, env: cleanEnv(), timeoutMs: 12 * MINUTE });
  expect(await npm(['ci', '--no-audit', '--no-fund', '--prefer-offline'])).toMatchObject({ code: 0 });

  const packed = await npm(['run', 'pack']);
  expect(packed.output).toMatch(/built 9 web resources/);
  expect(packed.output).toContain('ringo_/js/phonecall_form.js');
  expect(packed.code).toBe(0);
  const zips = readdirSync(join(clone.dir, 'dist'))
    .filter((name) => name.endsWith('.zip'))
    .sort();
  // The zips and the receiver's build share dist/ without touching each other.
  expect(existsSync(join(clone.dir, 'dist', 'receiver', 'server.js'))).toBe(true);
  expect(zips).toHaveLength(2);
  expect(zips[0]).toMatch(/^RingostatIntegration_\d+_\d+_\d+_\d+\.zip$/);
  expect(zips[1]).toMatch(/^RingostatIntegration_\d+_\d+_\d+_\d+_managed\.zip$/);
});
