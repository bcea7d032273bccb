import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../webhook-receiver/src/clock';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { createSqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const fixedClock: Clock = { now: () => NOW };

let dir: string;
let receiver: RunningReceiver | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'start-receiver-'));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function config(env: Record<string, string> = {}) {
  return loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    RINGOSTAT_WEBHOOK_TOKEN: 'start-token-0123456789',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

function seedDone(callId: string, completedAt: Date): number {
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  try {
    const { id } = inbox.accept({
      payload: {
        event: 'after-call',
        callId,
        callDate: completedAt.toISOString(),
        caller: '1',
        dst: '2',
        utm: {},
        extra: {},
      },
      raw: { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '' },
      receivedAt: completedAt,
    });
    inbox.claim({ limit: 10, now: completedAt, leaseMs: 1000 });
    inbox.complete(id, { now: completedAt, outcome: 'logged' });
    return id;
  } finally {
    inbox.close();
  }
}

test('at start, done entries older than INBOX_RETENTION_DAYS are purged and newer ones kept', async () => {
  const old = seedDone('old', daysAgo(8));
  const recent = seedDone('recent', daysAgo(6));
  receiver = await startReceiver(config({ INBOX_RETENTION_DAYS: '7' }), undefined, {
    clock: fixedClock,
    logger: createLogger({ level: 'silent' }),
  });
  expect(receiver.inbox.get(old)).toBeUndefined();
  expect(receiver.inbox.get(recent)?.status).toBe('done');
});

test('at start, rejected requests older than REJECTED_RETENTION_DAYS are purged and newer ones kept', async () => {
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  const raw = { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '{}' };
  for (const [reason, days] of [
    ['old', 31],
    ['recent', 29],
  ] as const) {
    inbox.reject({ event: 'after-call', status: 400, reason, raw, receivedAt: daysAgo(days) });
  }
  inbox.close();
  receiver = await startReceiver(config(), undefined, {
    clock: fixedClock,
    logger: createLogger({ level: 'silent' }),
  });
  expect(receiver.inbox.listRejected({}).map((r) => r.reason)).toEqual(['recent']);
  expect(receiver.config.rejectedRetentionDays).toBe(30);
});

test('extend adds public plugins, admin routes and readiness, and its onClose runs before the inbox closes', async () => {
  const events: string[] = [];
  receiver = await startReceiver(config({ ADMIN_TOKEN: 'start-admin-0123456789' }), (core) => ({
    plugins: [
      async (app) => {
        app.get('/status/pending', async () => ({ pending: core.inbox.stats(core.clock.now()).pending }));
      },
    ],
    adminRoutes: [(admin) => void admin.get('/stats', async () => core.inbox.stats(core.clock.now()))],
    readiness: async () => ({ ready: true, checks: { dataverse: 'token obtained' } }),
    onClose: () => {
      events.push(`onClose, inbox still open: ${core.inbox.stats(core.clock.now()).pending === 0}`);
    },
  }));
  expect(await (await fetch(`${receiver.url}/status/pending`)).json()).toEqual({ pending: 0 });
  expect((await fetch(`${receiver.url}/admin/stats`)).status).toBe(401);
  const stats = await fetch(`${receiver.url}/admin/stats`, {
    headers: { authorization: 'Bearer start-admin-0123456789' },
  });
  expect(await stats.json()).toMatchObject({ pending: 0 });
  expect(await (await fetch(`${receiver.url}/readyz`)).json()).toMatchObject({
    ready: true,
    checks: { dataverse: 'token obtained' },
  });
  await receiver.close();
  expect(events).toEqual(['onClose, inbox still open: true']);
});

test('a webhook sent to a started receiver is committed and the printed URLs use PUBLIC_URL', async () => {
  receiver = await startReceiver(config({ PUBLIC_URL: 'https://calls.example.com' }));
  expect(receiver.webhookUrls['after-call']).toBe(
    'https://calls.example.com/ringostat/after-call?token=start-token-0123456789',
  );
  const local = `${receiver.url}/ringostat/before-call?token=start-token-0123456789`;
  const response = await fetch(
    `${local}&uniqueid=s1&calldate=2026-03-02%2014:05:11&caller=380501234567&dst=380441112233`,
  );
  const { id } = (await response.json()) as { id: number };
  expect(receiver.inbox.get(id)).toMatchObject({ callId: 's1', status: 'pending' });
});
