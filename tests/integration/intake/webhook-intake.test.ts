import type { FastifyPluginAsync } from 'fastify';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import { PREVIOUS_TOKEN, startIntakeServer, type IntakeServer } from './intake-server';

/** The documented after-call example, with Cyrillic values. */
const CALL = {
  uniqueid: 'ua18_-1791545397.2215926',
  calldate: '2026-03-02 14:05:11',
  call_type: 'in',
  caller: '380671112233',
  dst: '380441112233',
  disposition: 'ANSWERED',
  billsec: '80',
  employee_fio: 'Іван Петренко',
  department: 'Відділ продажів',
};
const OUTGOING = {
  ...CALL,
  call_type: 'out',
  caller: '"Іван Петренко" <company_manager1>',
  dst: '380671112233',
};

type Encoding = 'query' | 'json' | 'form';

function send(server: IntakeServer, event: string, params: Record<string, string>, encoding: Encoding) {
  const form = new URLSearchParams(params).toString();
  if (encoding === 'query') return fetch(server.url(event, form));
  if (encoding === 'json') {
    return fetch(server.url(event), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
  }
  return fetch(server.url(event), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

let server: IntakeServer;
beforeEach(async () => {
  server = await startIntakeServer();
});
afterEach(async () => {
  await server.close();
});

describe('webhook intake over HTTP', () => {
  const cases = (['before-call', 'after-call', 'after-outgoing-call'] as const).flatMap((event) =>
    (['query', 'json', 'form'] as const).map((encoding) => [event, encoding] as const),
  );

  test.each(cases)(
    '%s by %s: 200 after the event is in the inbox, Cyrillic intact',
    async (event, encoding) => {
      const params = event === 'after-outgoing-call' ? OUTGOING : CALL;
      const response = await send(server, event, params, encoding);
      const body = (await response.json()) as { status: string; id: number; duplicate: boolean };
      expect(response.status).toBe(200);
      expect(body).toEqual({ status: 'accepted', id: expect.any(Number), duplicate: false });

      const entry = server.inbox.get(body.id);
      expect(entry).toMatchObject({
        event,
        callId: CALL.uniqueid,
        status: 'pending',
        payload: {
          callDate: '2026-03-02T12:05:11.000Z',
          employeeFio: 'Іван Петренко',
          department: 'Відділ продажів',
        },
      });
      if (event === 'after-outgoing-call')
        expect(entry?.payload).toMatchObject({ caller: 'company_manager1', callerName: 'Іван Петренко' });
      expect(entry?.raw.url).not.toContain('token');
      expect(entry?.raw.method).toBe(encoding === 'query' ? 'GET' : 'POST');
      if (encoding === 'json') expect(entry?.raw.body).toBe(JSON.stringify(params));
    },
  );

  test('the raw form body is stored exactly as sent', async () => {
    const body =
      'uniqueid=f1&calldate=2026-03-02+14%3A20%3A03&caller=380501234567&dst=380441112233&employee_fio=%D0%86%D0%B2%D0%B0%D0%BD';
    const response = await fetch(server.url('before-call'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const { id } = (await response.json()) as { id: number };
    expect(server.inbox.get(id)?.raw.body).toBe(body);
    expect((server.inbox.get(id)?.payload as RingostatEvent).employeeFio).toBe('Іван');
  });

  test('the body wins over the query for the same key', async () => {
    const response = await fetch(server.url('before-call', 'caller=380000000000&dst=380441112233'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uniqueid: 'b1', calldate: '2026-03-02 14:05:11', caller: '380501234567' }),
    });
    const { id } = (await response.json()) as { id: number };
    expect(server.inbox.get(id)?.payload).toMatchObject({ caller: '380501234567', dst: '380441112233' });
  });

  test.each([
    ['a missing token', null],
    ['a wrong token', 'wrong-token'],
    ['a token that only prefixes the real one', 'current-token'],
  ])('%s → 401, nothing stored', async (_name, token) => {
    const response = await fetch(server.url('after-call', '', token), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CALL),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    expect(server.inbox.stats(new Date())).toMatchObject({ pending: 0, rejected: 0 });
  });

  test('a token in the body does not authenticate', async () => {
    const response = await fetch(server.url('after-call', '', null), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CALL, token: 'current-token-0123456789' }),
    });
    expect(response.status).toBe(401);
  });

  test('the previous token is still accepted during a rotation', async () => {
    const response = await fetch(
      server.url('before-call', new URLSearchParams(CALL).toString(), PREVIOUS_TOKEN),
    );
    expect(response.status).toBe(200);
  });

  test.each(['uniqueid', 'calldate', 'caller', 'dst', 'disposition', 'billsec'])(
    'after-call without %s → 400 naming it, stored as rejected with the raw body',
    async (field) => {
      const params: Record<string, string> = { ...CALL };
      delete params[field];
      const response = await send(server, 'after-call', params, 'json');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_payload',
        details: [{ field, message: 'required on after-call webhooks, but missing or empty' }],
      });
      const [rejected] = server.inbox.listRejected({});
      expect(rejected).toMatchObject({
        event: 'after-call',
        status: 400,
        reason: expect.stringContaining(field),
      });
      expect(rejected?.raw.body).toBe(JSON.stringify(params));
      expect(rejected?.raw.url).toBe('/ringostat/after-call');
      expect(server.inbox.stats(new Date()).pending).toBe(0);
    },
  );

  test('several problems are all named in one answer', async () => {
    const response = await send(
      server,
      'after-call',
      { uniqueid: 'x', calldate: 'soon', billsec: 'a lot' },
      'form',
    );
    const body = (await response.json()) as { details: Array<{ field: string }> };
    expect(body.details.map((d) => d.field)).toEqual(['calldate', 'caller', 'dst', 'disposition', 'billsec']);
  });

  test('a 2 MB body → 413, kept as rejected with a preview of its start', async () => {
    const big = JSON.stringify({ ...CALL, padding: 'x'.repeat(2 * 1024 * 1024) });
    const response = await fetch(server.url('after-call'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
    const [rejected] = server.inbox.listRejected({});
    expect(rejected).toMatchObject({
      status: 413,
      reason: expect.stringMatching(/over the 1048576-byte limit/),
    });
    expect(rejected?.raw.body.startsWith('{"uniqueid":"ua18_-1791545397.2215926"')).toBe(true);
    expect(rejected?.raw.headers['content-type']).toBe('application/json');
    expect(server.inbox.stats(new Date()).pending).toBe(0);
  });

  test.each([
    ['application/json', '{"uniqueid":', /not valid JSON/],
    ['text/xml', '<call/>', /unsupported content type "text\/xml"/],
  ])('a %s body that cannot be read → 400, stored with the reason', async (type, body, reason) => {
    const response = await fetch(server.url('after-call'), {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as {
      error: string;
      details: Array<{ field: string; message: string }>;
    };
    expect(answer.error).toBe('invalid_payload');
    expect(answer.details[0]?.message).toMatch(reason);
    expect(server.inbox.listRejected({})[0]).toMatchObject({
      status: 400,
      reason: expect.stringMatching(reason),
    });
    expect(server.inbox.listRejected({})[0]?.raw.body).toBe(body);
  });

  test('the same webhook three times is one inbox row; the repeats answer duplicate:true', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await (await send(server, 'after-call', CALL, 'json')).json());
    expect(answers).toEqual([
      { status: 'accepted', id: expect.any(Number), duplicate: false },
      { status: 'accepted', id: (answers[0] as { id: number }).id, duplicate: true },
      { status: 'accepted', id: (answers[0] as { id: number }).id, duplicate: true },
    ]);
    expect(server.inbox.list({}).length).toBe(1);
  });

  test('concurrent copies of one webhook still make one row', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => (await send(server, 'after-call', CALL, 'json')).json()),
    );
    expect(answers.filter((a) => !(a as { duplicate: boolean }).duplicate)).toHaveLength(1);
    expect(server.inbox.list({}).length).toBe(1);
  });

  test('an unknown event → 404 JSON naming the real URLs', async () => {
    const response = await fetch(server.url('during-call'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: 'not_found',
      message: expect.stringContaining('/ringostat/after-outgoing-call'),
    });
  });
});

describe('health, readiness and metrics', () => {
  test('GET /healthz answers ok and allows any origin; so does its preflight', async () => {
    const response = await fetch(`${server.base}/healthz`, {
      headers: { origin: 'https://org.crm4.dynamics.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ status: 'ok', mode: 'demo' });

    const preflight = await fetch(`${server.base}/healthz`, {
      method: 'OPTIONS',
      headers: { origin: 'https://org.crm4.dynamics.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('only /healthz carries CORS headers', async () => {
    const response = await fetch(`${server.base}/readyz`);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('GET /readyz is ready while the inbox is open', async () => {
    const response = await fetch(`${server.base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, checks: { inbox: 'open' } });
  });

  test('GET /metrics counts requests by event and outcome and shows inbox depth', async () => {
    await send(server, 'after-call', CALL, 'json');
    await send(server, 'after-call', CALL, 'json');
    await fetch(server.url('before-call', '', 'wrong'));
    await send(server, 'before-call', { uniqueid: 'x' }, 'query');
    const text = await (await fetch(`${server.base}/metrics`)).text();
    expect(text).toContain('ringostat_webhook_requests_total{event="after-call",outcome="accepted"} 1');
    expect(text).toContain('ringostat_webhook_requests_total{event="after-call",outcome="duplicate"} 1');
    expect(text).toContain('ringostat_webhook_requests_total{event="before-call",outcome="unauthorized"} 1');
    expect(text).toContain('ringostat_webhook_requests_total{event="before-call",outcome="invalid"} 1');
    expect(text).toContain('inbox_entries{status="pending"} 1');
    expect(text).toContain('inbox_entries{status="rejected"} 1');
    expect(text).toMatch(/inbox_oldest_pending_age_seconds \d/);
  });
});

describe('extension points and failures', () => {
  test('plugins are registered after the core routes, and readiness comes from deps', async () => {
    await server.close();
    const plugin: FastifyPluginAsync = async (app) => {
      app.get('/ping', async () => ({ pong: true }));
    };
    server = await startIntakeServer({}, (deps) => ({
      ...deps,
      plugins: [plugin],
      readiness: async () => ({ ready: false, checks: { dataverse: 'unreachable' } }),
    }));
    expect(await (await fetch(`${server.base}/ping`)).json()).toEqual({ pong: true });
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { dataverse: 'unreachable' } });
  });

  test('a plugin that adds a route under /admin outside the admin scope stops the start', async () => {
    await server.close();
    const plugin: FastifyPluginAsync = async (app) => {
      app.get('/Admin/ping', async () => ({ pong: true }));
    };
    await expect(startIntakeServer({}, (deps) => ({ ...deps, plugins: [plugin] }))).rejects.toThrow(
      /outside the admin scope/,
    );
    server = await startIntakeServer();
  });

  test('a readiness check that throws answers 503; its message only behind the admin token', async () => {
    await server.close();
    server = await startIntakeServer({ ADMIN_TOKEN: 'intake-admin-0123456789' }, (deps) => ({
      ...deps,
      readiness: async () => {
        throw new Error('Dataverse token request failed (AADSTS7000215)');
      },
    }));
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { inbox: 'open', readiness: 'failed' } });
    const details = await fetch(`${server.base}/admin/readiness`, {
      headers: { authorization: 'Bearer intake-admin-0123456789' },
    });
    expect(details.status).toBe(503);
    expect(await details.json()).toMatchObject({
      ready: false,
      checks: {
        inbox: { status: 'open' },
        readiness: { error: 'Dataverse token request failed (AADSTS7000215)' },
      },
    });
  });

  test('when the inbox cannot commit, the answer is a 500 without internals (Ringostat retries)', async () => {
    await server.close();
    server = await startIntakeServer({}, (deps) => ({
      ...deps,
      inbox: Object.assign(Object.create(deps.inbox) as typeof deps.inbox, {
        acceptMany: () => {
          throw new Error('SQLITE_FULL: database or disk is full at /secret/path');
        },
      }),
    }));
    const response = await send(server, 'after-call', CALL, 'json');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('SQLITE');
    expect(JSON.parse(text)).toEqual({
      error: 'internal_error',
      message: 'The receiver could not store the webhook',
    });
  });
});
