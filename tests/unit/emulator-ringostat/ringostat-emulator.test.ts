import { createRingostatEmulator } from '../../../emulators/ringostat/src/ringostat-emulator';
import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';

const BASE = 'https://api.ringostat.net';
const KEY = 'key-123';

function emulator(overrides: Partial<Parameters<typeof createRingostatEmulator>[0]> = {}) {
  return createRingostatEmulator({ authKey: KEY, projectId: 11111, ...overrides });
}

function contact(overrides: Record<string, unknown> = {}) {
  return {
    projectId: 11111,
    fullName: 'Олена Шевченко',
    origin: 'Smart CRM',
    externalId: 'c1',
    leadId: null,
    responsible: 'u1',
    staffId: null,
    contactLink: 'https://org.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=c1',
    leadLink: null,
    dealLink: null,
    googleClientId: null,
    contactDirections: [{ type: 'phone', name: 'mobile', value: '+380671112233' }],
    organizations: null,
    ...overrides,
  };
}

function sync(body: unknown, headers: Record<string, string> = { 'auth-key': KEY, 'x-project-id': '11111' }) {
  return new Request(`${BASE}/minicrm/contacts/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function list(query: Record<string, string>, key = KEY) {
  return new Request(`${BASE}/calls/list?${new URLSearchParams(query)}`, { headers: { 'auth-key': key } });
}

describe('Ringostat emulator', () => {
  it('refuses a wrong Auth-key with 401 on every endpoint', async () => {
    const e = emulator();
    expect((await e.handle(list({}, 'wrong'))).status).toBe(401);
    expect(
      (await e.handle(sync({ contacts: [contact()] }, { 'auth-key': 'wrong', 'x-project-id': '11111' })))
        .status,
    ).toBe(401);
    expect(e.contactBook().size).toBe(0);
  });

  it('refuses a contact sync for another project id with 403', async () => {
    const response = await emulator().handle(
      sync({ contacts: [contact()] }, { 'auth-key': KEY, 'x-project-id': '999' }),
    );
    expect(response.status).toBe(403);
  });

  it('stores synced contacts by externalId and replaces them on a later sync', async () => {
    const e = emulator();
    expect((await e.handle(sync({ contacts: [contact()] }))).status).toBe(200);
    await e.handle(sync({ contacts: [contact({ fullName: 'Олена Коваль' })] }));
    expect(e.contactBook().size).toBe(1);
    expect(e.contactBook().get('c1')?.fullName).toBe('Олена Коваль');
  });

  it('reports every missing mandatory field of every contact', async () => {
    const e = emulator();
    const response = await e.handle(
      sync({
        contacts: [contact({ fullName: '', externalId: null }), contact({ contactDirections: undefined })],
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: Array<{ index: number; field: string }> };
    expect(body.details.map((d) => `${d.index}:${d.field}`)).toEqual(
      expect.arrayContaining(['0:fullName', '0:externalId', '1:contactDirections']),
    );
    expect(e.contactBook().size).toBe(0);
  });

  it('accepts a lead-only contact (externalId null, leadId filled)', async () => {
    const e = emulator();
    expect((await e.handle(sync({ contacts: [contact({ externalId: null, leadId: 'L7' })] }))).status).toBe(
      200,
    );
    expect(e.contactBook().has('lead:L7')).toBe(true);
  });

  describe('/calls/list', () => {
    const from = new Date('2026-03-01T22:00:00Z'); // 2026-03-02 00:00:00 in Kyiv (UTC+2)
    const calls = generateCallLog({ count: 24, from, to: new Date('2026-03-02T22:00:00Z') });

    it('returns the calls of the period (both ends inclusive, Kyiv wall-clock) with only the asked fields', async () => {
      const e = emulator();
      e.seedCalls(calls);
      const response = await e.handle(
        list({
          export_type: 'json',
          from: '2026-03-02 00:00:00',
          to: '2026-03-02 05:00:00',
          fields: 'uniqueid,billsec',
        }),
      );
      const rows = (await response.json()) as Array<Record<string, unknown>>;
      expect(rows.map((r) => r.uniqueid)).toEqual(calls.slice(0, 6).map((c) => c.uniqueid));
      expect(Object.keys(rows[0] ?? {})).toEqual(['uniqueid', 'billsec']);
    });

    it('refuses a period holding more calls than the limit inside a 200, saying so in the body', async () => {
      const e = emulator({ callLimit: 10 });
      e.seedCalls(calls);
      const response = await e.handle(list({ from: '2026-03-02 00:00:00', to: '2026-03-02 23:59:59' }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        error: 'It is not possible to export more than 10 calls in one request; split the period',
      });
    });

    it('answers an empty period with an empty 200 body, or [] when configured to', async () => {
      const period = { from: '2030-01-01 00:00:00', to: '2030-01-01 23:59:59' };
      const empty = await emulator().handle(list(period));
      expect([empty.status, await empty.text()]).toEqual([200, '']);
      const array = await emulator({ emptyAnswer: 'array' }).handle(list(period));
      expect(await array.json()).toEqual([]);
    });

    it('silently truncates past the limit when configured to', async () => {
      const e = emulator({ callLimit: 10, overLimit: 'truncate' });
      e.seedCalls(calls);
      const response = await e.handle(list({ from: '2026-03-02 00:00:00', to: '2026-03-02 23:59:59' }));
      expect(((await response.json()) as unknown[]).length).toBe(10);
    });

    it('answers "incorrect field" inside a 200 for an unknown field, and 501 for CSV', async () => {
      const e = emulator();
      const bad = await e.handle(list({ fields: 'uniqueid,nonsense' }));
      expect(bad.status).toBe(200);
      expect(await bad.json()).toEqual({ error: 'incorrect field: nonsense' });
      expect((await e.handle(list({ export_type: 'csv' }))).status).toBe(501);
    });

    it('filters on one field=value', async () => {
      const e = emulator();
      e.seedCalls(calls);
      const wanted = calls[3]?.uniqueid ?? '';
      const response = await e.handle(
        list({ from: '2026-03-02 00:00:00', to: '2026-03-02 23:59:59', filters: `uniqueid=${wanted}` }),
      );
      expect(((await response.json()) as Array<{ uniqueid: string }>).map((r) => r.uniqueid)).toEqual([
        wanted,
      ]);
    });
  });

  it('records click-to-call requests and refuses a form without destination', async () => {
    const e = emulator();
    const post = (body: string) =>
      e.handle(
        new Request(`${BASE}/callback/outward_call`, {
          method: 'POST',
          headers: { 'auth-key': KEY, 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
    expect((await post('extension=380441112233&destination=380671112233')).status).toBe(200);
    expect((await post('extension=380441112233')).status).toBe(400);
    expect(e.outwardCalls()).toEqual([{ extension: '380441112233', destination: '380671112233' }]);
  });

  it('serves injected faults first, then answers normally, and counts requests per path', async () => {
    const e = emulator();
    e.failNext({ status: 503, retryAfterSeconds: 2 }, { times: 2, path: '/calls/list' });
    const first = await e.handle(list({}));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await e.handle(list({}))).status).toBe(503);
    expect((await e.handle(list({}))).status).toBe(200);
    expect(e.requestCount('/calls/list')).toBe(3);
    expect(e.requestCount('/minicrm/contacts/sync')).toBe(0);
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const e = emulator();
    expect((await e.handle(new Request(`${BASE}/nope`, { headers: { 'auth-key': KEY } }))).status).toBe(404);
    expect(
      (await e.handle(new Request(`${BASE}/calls/list`, { method: 'POST', headers: { 'auth-key': KEY } })))
        .status,
    ).toBe(405);
  });
});
