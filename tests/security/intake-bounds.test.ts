import { startSecurityReceiver, WEBHOOK_TOKEN, type SecurityReceiver } from './support/security-receiver';

/**
 * Values outside the intake bounds (webhook-receiver/src/ringostat/intake-bounds.ts) over real HTTP: a
 * 400 naming the field, a row in the rejected table with the reason — never a 200 that dies in the
 * worker, never a 500 or a crash from deep nesting.
 */
jest.setTimeout(30_000);

let server: SecurityReceiver;
beforeAll(async () => {
  server = await startSecurityReceiver();
});
afterAll(() => server.close());

let n = 0;
function call(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    uniqueid: `bounds-${n}`,
    calldate: '2026-03-02 14:05:11',
    caller: '380501234567',
    dst: '380441112233',
    disposition: 'ANSWERED',
    billsec: 10,
    ...overrides,
  };
}

async function post(body: string, contentType = 'application/json') {
  const response = await fetch(`${server.receiver.url}/ringostat/after-call?token=${WEBHOOK_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function lastRejected() {
  return server.receiver.inbox.listRejected({ limit: 1 })[0];
}

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('nesting', () => {
  test.each([
    ['100,000 nested lists', nestedArrays(100_000)],
    ['20,000 nested objects', nestedObjects(20_000)],
    ['nine levels', nestedArrays(8)],
  ])('a JSON body with %s is a 400 naming the body, kept as rejected', async (_name, deep) => {
    const body = `${JSON.stringify(call()).slice(0, -1)},"deep":${deep}}`;
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: 'invalid_payload',
      details: [{ field: 'body', message: expect.stringContaining('nested deeper than 8') }],
    });
    expect(lastRejected()).toMatchObject({ status: 400, reason: expect.stringContaining('nested deeper') });
  });

  test('a JSON text nested too deep in a form field is a 400 naming the field it lands in', async () => {
    const form = new URLSearchParams({
      ...(call() as Record<string, string>),
      additional_call_data: `{"crm":${nestedArrays(50_000)}}`,
    });
    const answer = await post(form.toString(), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(400);
    expect(answer.json.details).toEqual([{ field: 'crm', message: 'nested deeper than 8 levels' }]);
    expect(lastRejected()?.reason).toContain('crm: nested deeper than 8 levels');
  });

  test('eight levels, as a json-rpc body with additional_call_data could have, are fine', async () => {
    const answer = await post(JSON.stringify(call({ extra: { a: { b: { c: { d: { e: { f: 1 } } } } } } })));
    expect(answer.status).toBe(200);
  });
});

describe('numbers, dates and ids', () => {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  test.each([
    ['billsec', { billsec: 90_000 }],
    ['duration', { duration: 86_401 }],
    ['waittime', { waittime: '100000' }],
    ['duration', { duration: -5 }],
    ['calldate', { calldate: '2031-01-01 00:00:00' }],
    ['calldate', { calldate: '1999-12-31 23:59:59' }],
    ['calldate', { calldate: iso(now + 2 * 86_400_000) }],
    ['calldate', { calldate: String((now + 3 * 86_400_000) * 1000) }],
    ['uniqueid', { uniqueid: 'ua18 1.2' }],
    ['uniqueid', { uniqueid: 'дзвінок-1' }],
    ['uniqueid', { uniqueid: 'call\u0001id' }],
    ['uniqueid', { uniqueid: 'call\u007fid' }],
    ['uniqueid', { uniqueid: 'x'.repeat(101) }],
  ])('%s out of bounds (%j) is a 400 naming it, kept as rejected', async (field, overrides) => {
    const answer = await post(JSON.stringify(call(overrides)));
    expect(answer.status).toBe(400);
    expect(answer.json.details).toEqual([expect.objectContaining({ field })]);
    expect(lastRejected()?.reason).toContain(`${field}:`);
  });

  test('the edges are accepted: a day of talk, a date within a day from now, 100 characters', async () => {
    const edge = call({
      billsec: 86_400,
      calldate: iso(now + 23 * 3_600_000),
      uniqueid: `e${'x'.repeat(99)}`,
    });
    expect((await post(JSON.stringify(edge))).status).toBe(200);
  });

  test('printable ids with characters unsafe in a key URL are accepted (the gateway keeps them out of URLs)', async () => {
    const id = `unsafe/<>*%&:\\?+#-${n}`;
    const answer = await post(JSON.stringify(call({ uniqueid: id })));
    expect(answer.status).toBe(200);
    expect(server.receiver.inbox.get(Number(answer.json.id))?.callId).toBe(id);
  });
});
