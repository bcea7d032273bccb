import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createAdminRoutes } from '../../../webhook-receiver/src/http/admin-routes';
import { buildApp } from '../../../webhook-receiver/src/http/app';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

const ADMIN = 'admin-secret';
const HOOK = 'hook-secret';

async function startApp(inbox: SqliteInbox, adminToken: string | undefined, woken: number[]) {
  const app = await buildApp({
    config: {
      webhookToken: HOOK,
      bodyLimitBytes: 1 << 20,
      timeZone: 'Europe/Kyiv',
      demo: false,
      ...(adminToken ? { adminToken } : {}),
    },
    inbox,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    registry: createMetricsRegistry(),
    adminRoutes: [createAdminRoutes({ inbox, clock: systemClock, onRequeue: (id) => woken.push(id) })],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('admin API over HTTP', () => {
  let dir: string;
  let inbox: SqliteInbox;
  let app: FastifyInstance;
  let url: string;
  const woken: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringo-admin-'));
    inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
    ({ app, url } = await startApp(inbox, ADMIN, woken));
  });
  afterAll(async () => {
    await app.close();
    inbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, token = ADMIN) =>
    fetch(`${url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }).then(
      async (r) => ({
        status: r.status,
        json: (await r.json()) as Record<string, unknown>,
      }),
    );

  async function webhook(uniqueid: string): Promise<number> {
    const query = new URLSearchParams({
      token: HOOK,
      uniqueid,
      calldate: '2026-03-02 14:05:11',
      caller: '380501234567',
      dst: '380441112233',
    });
    const response = await fetch(`${url}/ringostat/before-call?${query.toString()}`);
    return Number(((await response.json()) as { id: number }).id);
  }

  it('answers 401 without the bearer token or with a wrong one', async () => {
    expect(await call('GET', '/admin/events', '')).toMatchObject({
      status: 401,
      json: { error: 'unauthorized' },
    });
    expect(await call('GET', '/admin/events', 'guess')).toMatchObject({ status: 401 });
  });

  it('lists events by status, newest first, and shows one with its payload', async () => {
    const first = await webhook('admin-1');
    const second = await webhook('admin-2');
    const pending = await call('GET', '/admin/events?status=pending');
    expect(pending.status).toBe(200);
    expect((pending.json.events as Array<{ id: number }>).map((e) => e.id)).toEqual([second, first]);

    const one = await call('GET', `/admin/events/${first}`);
    expect(one).toMatchObject({
      status: 200,
      json: {
        id: first,
        event: 'before-call',
        callId: 'admin-1',
        status: 'pending',
        payload: { caller: '380501234567' },
      },
    });
    expect(JSON.stringify(one.json.raw)).not.toContain(HOOK);
  });

  it('retries a dead event and wakes the worker; refuses events that are not dead', async () => {
    const id = await webhook('admin-3');
    expect(await call('POST', `/admin/events/${id}/retry`)).toMatchObject({
      status: 409,
      json: { error: 'not_dead' },
    });

    const [claimed] = inbox
      .claim({ limit: 10, now: new Date(Date.now() + 1000), leaseMs: 60_000 })
      .filter((e) => e.id === id);
    inbox.deadLetter(claimed!.id, { now: new Date(), error: 'Dataverse 400 0x80060888: bad column' });
    const dead = await call('GET', '/admin/events?status=dead');
    expect(dead.json.events).toEqual([
      expect.objectContaining({ id, lastError: 'Dataverse 400 0x80060888: bad column' }),
    ]);

    expect(await call('POST', `/admin/events/${id}/retry`)).toEqual({
      status: 200,
      json: { id, status: 'pending' },
    });
    expect(inbox.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(woken).toContain(id);
  });

  it('answers clear JSON errors for unknown ids and bad queries', async () => {
    expect(await call('GET', '/admin/events/999999')).toMatchObject({
      status: 404,
      json: { error: 'not_found' },
    });
    expect(await call('GET', '/admin/events/abc')).toMatchObject({
      status: 400,
      json: { error: 'bad_request' },
    });
    expect(await call('GET', '/admin/events?status=lost')).toMatchObject({
      status: 400,
      json: { message: 'status must be one of pending, processing, done, dead' },
    });
    expect(await call('GET', '/admin/events?limit=0')).toMatchObject({ status: 400 });
  });

  it('lists rejected requests with their reason', async () => {
    await fetch(`${url}/ringostat/after-call?token=${HOOK}&uniqueid=bad-1`);
    const rejected = await call('GET', '/admin/rejected');
    expect(rejected.status).toBe(200);
    expect(rejected.json.rejected).toEqual([
      expect.objectContaining({ event: 'after-call', status: 400, reason: expect.any(String) }),
    ]);
  });
});

describe('admin API without ADMIN_TOKEN', () => {
  it('is off and says how to turn it on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringo-admin-'));
    const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
    const { app, url } = await startApp(inbox, undefined, []);
    try {
      const response = await fetch(`${url}/admin/events`, { headers: { authorization: 'Bearer anything' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: 'admin_api_disabled',
        message: expect.stringMatching(/ADMIN_TOKEN/),
      });
    } finally {
      await app.close();
      inbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
