import Fastify from 'fastify';
import { adminScope } from '../../../webhook-receiver/src/http/admin-scope';
import { Registry } from 'prom-client';
import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';
import type { Clock } from '../../../webhook-receiver/src/clock';
import {
  createRingostatSide,
  type RingostatSideDeps,
} from '../../../webhook-receiver/src/ringostat-api/ringostat-side';
import {
  AUTH_KEY,
  PROJECT_ID,
  startRingostatFixture,
  type RingostatFixture,
} from './support/ringostat-fixture';

const NOW = new Date('2026-03-02T12:00:00Z');
const clock: Clock = { now: () => NOW };
const ADMIN = 'admin-token-0123456789';

/**
 * The admin routes inside the real admin scope on a real Fastify server on 127.0.0.1 (light-my-request's
 * inject does not load under jest).
 */
async function serve(side: ReturnType<typeof createRingostatSide>) {
  const app = Fastify();
  await app.register(adminScope({ adminToken: ADMIN, routes: [side.adminRoutes] }), { prefix: '/admin' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const call = async (method: string, path: string, token: string | null = ADMIN) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: token !== null ? { authorization: `Bearer ${token}` } : {},
    });
    return { statusCode: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { call, close: () => app.close() };
}

describe('the receiver’s Ringostat side: admin status and reconcile-now', () => {
  let fx: RingostatFixture;
  beforeEach(async () => {
    fx = await startRingostatFixture();
  });
  afterEach(() => fx.close());

  function deps(overrides: { ringostatAuthKey?: string | undefined } = {}): RingostatSideDeps {
    const key = 'ringostatAuthKey' in overrides ? overrides.ringostatAuthKey : AUTH_KEY;
    return {
      config: {
        ...(key !== undefined ? { ringostatAuthKey: key } : {}),
        ringostatProjectId: String(PROJECT_ID),
        dataDir: fx.dir,
        timeZone: 'Europe/Kyiv',
        ringoOverrides: {},
        dataverse: { url: 'https://contoso.crm4.dynamics.com', staticToken: 'emulator-token' },
      },
      inbox: fx.inbox,
      registry: new Registry(),
      clock,
      log: { warn: () => undefined },
      baseUrl: fx.server.url,
    };
  }

  it('reports status behind the admin token and reconciles on demand', async () => {
    fx.server.emulator.seedCalls(
      generateCallLog({
        count: 4,
        from: new Date(NOW.getTime() - 7_200_000),
        to: new Date(NOW.getTime() - 3_600_000),
      }),
    );
    const side = createRingostatSide(deps());
    const http = await serve(side);
    try {
      expect((await http.call('GET', '/admin/ringostat', null)).statusCode).toBe(401);
      expect((await http.call('GET', '/admin/ringostat', 'wrong')).statusCode).toBe(401);
      const run = await http.call('POST', '/admin/ringostat/reconcile');
      expect(run.statusCode).toBe(200);
      // The start-up run may have taken the calls already; either way all four are in the inbox once.
      expect(fx.inbox.list({}).length).toBe(4);
      const status = await http.call('GET', '/admin/ringostat');
      expect(status.body).toMatchObject({
        enabled: true,
        reconciliation: { lastError: null, totals: { new: 4 } },
        contactBook: { lastPushAt: null },
      });
      expect(side.contactBook).toBeDefined();
    } finally {
      await http.close();
      await side.close();
    }
  });

  it('is off without an Auth-key, and says why', async () => {
    const side = createRingostatSide(deps({ ringostatAuthKey: undefined }));
    const http = await serve(side);
    const status = await http.call('GET', '/admin/ringostat');
    expect(status.body).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('RINGOSTAT_AUTH_KEY'),
    });
    expect((await http.call('POST', '/admin/ringostat/reconcile')).statusCode).toBe(409);
    expect(fx.server.emulator.requestCount()).toBe(0);
    await http.close();
    await side.close();
  });

  it('answers 502 with Ringostat’s reason when reconcile-now fails on a bad key', async () => {
    const side = createRingostatSide(deps({ ringostatAuthKey: 'revoked' }));
    const http = await serve(side);
    const run = await http.call('POST', '/admin/ringostat/reconcile');
    expect(run.statusCode).toBe(502);
    expect(run.body.message).toContain('check RINGOSTAT_AUTH_KEY');
    await http.close();
    await side.close();
  });
});
