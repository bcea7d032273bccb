import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSecurityReceiver, WEBHOOK_TOKEN, type SecurityReceiver } from './support/security-receiver';

/**
 * A full disk, for real: DATA_DIR on a 4 MiB tmpfs, filled up while webhooks keep coming
 * (docs/adr/0083-readiness-tells-the-truth.md). No webhook may get a 200 that is not on disk, /readyz
 * turns red, and once space returns it turns green again by itself (the writer's heartbeat) and every
 * webhook acknowledged before, during and after is in the inbox.
 *
 * Mounting a tmpfs needs root (CI runs as root); elsewhere the test is skipped and says why.
 */
jest.setTimeout(60_000);

const mountPoint = mkdtempSync(join(tmpdir(), 'full-disk-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('full-disk test skipped: mounting a tmpfs needs root');
    return false;
  }
})();
const maybe = mounted ? test : test.skip;

let server: SecurityReceiver | undefined;
afterAll(async () => {
  await server?.close().catch(() => undefined);
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes a file until the disk says ENOSPC. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

maybe('a full disk turns /readyz red, acknowledges nothing it cannot keep, and recovers', async () => {
  const dataDir = join(mountPoint, 'data');
  server = await startSecurityReceiver({ DATA_DIR: dataDir });
  const base = server.receiver.url;
  const acknowledged: string[] = [];
  let n = 0;
  async function webhook(): Promise<number> {
    const uniqueid = `disk-${++n}`;
    const response = await fetch(`${base}/ringostat/before-call?token=${WEBHOOK_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A large extra field, so each webhook needs new pages in the WAL.
      body: JSON.stringify({
        uniqueid,
        calldate: '2026-03-02 14:05:11',
        caller: '380501234567',
        dst: '380441112233',
        note: 'x'.repeat(20_000),
      }),
    });
    if (response.status === 200) acknowledged.push(uniqueid);
    return response.status;
  }
  const ready = async () => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, json: (await response.json()) as { checks: Record<string, string> } };
  };

  for (let i = 0; i < 5; i++) expect(await webhook()).toBe(200);
  expect((await ready()).status).toBe(200);

  const filler = join(mountPoint, 'filler');
  fill(filler);
  const during: number[] = [];
  for (let i = 0; i < 20; i++) during.push(await webhook());
  expect(during).toContain(500);
  expect(during.every((status) => status === 200 || status === 500)).toBe(true);
  const red = await ready();
  expect(red.status).toBe(503);
  expect(red.json.checks.inbox).toBe('write failed');

  unlinkSync(filler);
  let green = await ready();
  for (let i = 0; i < 50 && green.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    green = await ready();
  }
  expect(green.status).toBe(200);
  for (let i = 0; i < 5; i++) expect(await webhook()).toBe(200);

  const stored = new Set(server.receiver.inbox.list({ limit: 500 }).map((entry) => entry.callId));
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
});
