import { startIntakeServer, type IntakeServer } from './intake-server';

/** Webhooks 2.0 with the json-rpc data format: the keys arrive under "params" (webhook-parameters.md). */
const CALL = {
  uniqueid: 'ua18_-1791545397.2215926',
  calldate: '2026-03-02 14:05:11',
  call_type: 'in',
  caller: '380671112233',
  dst: '380441112233',
  disposition: 'ANSWERED',
  billsec: '80',
  employee_fio: 'Іван Петренко',
};
const OUTGOING = {
  ...CALL,
  call_type: 'out',
  caller: '"Іван Петренко" <company_manager1>',
  dst: '380671112233',
};

let server: IntakeServer;
beforeEach(async () => {
  server = await startIntakeServer();
});
afterEach(async () => {
  await server.close();
});

function post(url: string, body: unknown, contentType = 'application/json') {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
}

describe('json-rpc bodies', () => {
  const cases = (['before-call', 'after-call', 'after-outgoing-call'] as const).flatMap((event) =>
    (['application/json', 'application/json-rpc'] as const).map((type) => [event, type] as const),
  );

  test.each(cases)(
    '%s with a json-rpc envelope as %s is accepted and stored as the plain call',
    async (event, type) => {
      const params = event === 'after-outgoing-call' ? OUTGOING : CALL;
      const response = await post(server.url(event), { jsonrpc: '2.0', method: event, id: 1, params }, type);
      const body = (await response.json()) as { status: string; id: number };
      expect([response.status, body.status]).toEqual([200, 'accepted']);
      const entry = server.inbox.get(body.id);
      expect(entry?.payload).toMatchObject({ event, callId: CALL.uniqueid, dst: params.dst });
      expect(entry?.payload.extra).toEqual({});
      // The request is kept exactly as Ringostat sent it, envelope and all.
      expect(JSON.parse(entry?.raw.body ?? '{}')).toMatchObject({
        jsonrpc: '2.0',
        params: { uniqueid: CALL.uniqueid },
      });
    },
  );

  test('static parameters in the URL are read beside the envelope', async () => {
    const response = await post(server.url('after-call', 'source=ringostat'), {
      jsonrpc: '2.0',
      params: CALL,
    });
    const { id } = (await response.json()) as { id: number };
    expect(server.inbox.get(id)?.payload.extra).toEqual({ source: 'ringostat' });
  });

  test('a json-rpc body with positional params is refused with the reason and kept in the rejected list', async () => {
    const response = await post(server.url('after-call'), { jsonrpc: '2.0', method: 'x', params: [CALL] });
    const body = (await response.json()) as {
      error: string;
      details: Array<{ field: string; message: string }>;
    };
    expect(response.status).toBe(400);
    expect(body.details[0]).toMatchObject({
      field: 'params',
      message: expect.stringMatching(/named parameters/),
    });
    const [rejected] = server.inbox.listRejected({ limit: 5 });
    expect(rejected?.reason).toMatch(/^params: /);
    expect(rejected?.raw.body).toContain('"jsonrpc":"2.0"');
  });

  test('a retried json-rpc delivery is a duplicate, like any other', async () => {
    const envelope = { jsonrpc: '2.0', id: 1, params: CALL };
    await post(server.url('after-call'), envelope);
    const again = (await (await post(server.url('after-call'), { ...envelope, id: 2 })).json()) as {
      duplicate: boolean;
    };
    expect(again.duplicate).toBe(true);
  });
});
