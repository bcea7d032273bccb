import { RingostatApiError } from '../../../webhook-receiver/src/ringostat-api/ringostat-api-error';
import { createRingostatApi } from '../../../webhook-receiver/src/ringostat-api/ringostat-api';
import { sampleStaff } from '../../../emulators/ringostat/src/fixtures';
import { startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

describe('Ringostat API client against the emulator over HTTP', () => {
  let fx: RingostatFixture;
  beforeEach(async () => {
    fx = await startRingostatFixture();
  });
  afterEach(() => fx.close());

  it('retries 5xx answers with growing backoff and then succeeds', async () => {
    fx.server.emulator.failNext({ status: 502 }, { times: 2, path: '/callback/outward_call' });
    await fx.api({ baseDelayMs: 100 }).outwardCall('380441112233', '380671112233');
    expect(fx.server.emulator.outwardCalls()).toEqual([
      { extension: '380441112233', destination: '380671112233' },
    ]);
    expect(fx.server.emulator.requestCount('/callback/outward_call')).toBe(3);
    expect(fx.sleeps).toEqual([100, 200]);
  });

  it('waits at least as long as Retry-After says on a 429', async () => {
    fx.server.emulator.failNext({ status: 429, retryAfterSeconds: 7 }, { path: '/calls/list' });
    const rows = await fx.api({ baseDelayMs: 100 }).listCalls({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T00:00:00Z'),
      fields: ['uniqueid'],
    });
    expect(rows).toEqual([]);
    expect(fx.sleeps).toEqual([7000]);
  });

  it('gives up after maxAttempts on a persistent outage with a retryable error that says so', async () => {
    fx.server.emulator.failNext({ status: 503 }, { times: 10 });
    const error = await fx
      .api({ maxAttempts: 3 })
      .outwardCall('1', '2')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RingostatApiError);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true, status: 503 });
    expect((error as Error).message).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(fx.server.emulator.requestCount()).toBe(3);
  });

  it('treats a request that gets no answer in time as transient and retries it', async () => {
    fx.server.emulator.failNext({ delayMs: 5_000 }, { path: '/callback/outward_call' });
    await fx.api({ timeoutMs: 150 }).outwardCall('380441112233', '380671112233');
    expect(fx.server.emulator.outwardCalls()).toHaveLength(1);
    expect(fx.sleeps).toHaveLength(1);
  });

  it('fails at once on a bad Auth-key with a permanent error naming RINGOSTAT_AUTH_KEY', async () => {
    const error = await fx
      .api({ authKey: 'wrong' })
      .listCalls({ from: new Date(), to: new Date(), fields: ['uniqueid'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect((error as Error).message).toContain('check RINGOSTAT_AUTH_KEY');
    expect(fx.server.emulator.requestCount()).toBe(1);
  });

  it('reports a wrong project id as a credentials problem, not a crash', async () => {
    const error = await fx
      .api({ projectId: 999 })
      .syncContacts([
        {
          projectId: 999,
          fullName: 'x',
          origin: 'Smart CRM',
          externalId: 'c',
          leadId: null,
          responsible: '0',
          staffId: null,
          contactLink: null,
          leadLink: null,
          dealLink: null,
          googleClientId: null,
          contactDirections: [{ type: 'phone', name: 'mobile', value: '+380671112233' }],
          organizations: null,
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
    expect((error as Error).message).toContain('RINGOSTAT_PROJECT_ID');
  });

  it('drops a field Ringostat calls incorrect inside a 200 and asks again without it', async () => {
    const notices: string[] = [];
    fx.server.emulator.seedCalls([{ uniqueid: 'u1', calldate: '2026-03-02T10:00:00+0200', billsec: 5 }]);
    const rows = await fx.api({ onNotice: (m) => notices.push(m) }).listCalls({
      from: new Date('2026-03-02T00:00:00Z'),
      to: new Date('2026-03-02T23:00:00Z'),
      fields: ['uniqueid', 'billsec', 'bogus'],
      required: ['uniqueid'],
    });
    expect(rows).toEqual([{ uniqueid: 'u1', billsec: 5 }]);
    expect(notices).toEqual(['Ringostat /calls/list refused the field "bogus"; asking without it']);
    expect(fx.server.emulator.requestCount('/calls/list')).toBe(2);
  });

  it('reports an incorrect required field (200 with an error) as permanent with Ringostat’s reason, without retrying', async () => {
    const error = await fx
      .api()
      .listCalls({ from: new Date(), to: new Date(), fields: ['uniqueid', 'bogus'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-request', retryable: false, status: 200 });
    expect((error as Error).message).toContain('incorrect field: bogus');
    expect(fx.server.emulator.requestCount()).toBe(1);
  });

  it('reads an empty day as no calls, whether Ringostat sends an empty body or []', async () => {
    const period = {
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-01-01T12:00:00Z'),
      fields: ['uniqueid'],
    };
    expect(await fx.api().listCalls(period)).toEqual([]);
    const arrays = await startRingostatFixture({ emptyAnswer: 'array' });
    try {
      expect(await arrays.api().listCalls(period)).toEqual([]);
    } finally {
      await arrays.close();
    }
  });

  it('reads the limit refused inside a 200 as kind "limit", which the walker splits', async () => {
    const small = await startRingostatFixture({ callLimit: 1 });
    try {
      small.server.emulator.seedCalls([
        { uniqueid: 'a', calldate: '2026-03-02T10:00:00+0200' },
        { uniqueid: 'b', calldate: '2026-03-02T11:00:00+0200' },
      ]);
      const error = await small
        .api()
        .listCalls({
          from: new Date('2026-03-02T00:00:00Z'),
          to: new Date('2026-03-02T23:00:00Z'),
          fields: ['uniqueid'],
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'limit', retryable: false });
    } finally {
      await small.close();
    }
  });

  it('lists the staff through JSON-RPC, with e-mail, extension and SIP logins', async () => {
    fx.server.emulator.seedStaff(sampleStaff());
    const staff = await fx.api().listStaff();
    expect(staff).toEqual([
      {
        staffId: '111111',
        name: 'Іван Петренко',
        email: 'ivan@example.com',
        extension: '101',
        sipLogins: ['company_manager1'],
        numbers: ['380931112233'],
        departments: ['Відділ продажів'],
      },
      expect.objectContaining({
        staffId: '222222',
        email: 'maria@example.com',
        sipLogins: ['company_manager2'],
      }),
      expect.objectContaining({ staffId: '333333', sipLogins: [], numbers: ['380501112233'] }),
    ]);
  });

  it('an empty project is an empty staff list, and a staff API refusal inside a 200 is an error that says so', async () => {
    expect(await fx.api().listStaff()).toEqual([]);
    const error = await fx
      .api({ projectId: 999 })
      .listStaff()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect((error as Error).message).toMatch(
      /staff API answered with an error: Access to the project is denied/,
    );
  });

  it('reports an unreachable API as transient after its retries', async () => {
    const api = createRingostatApi({
      baseUrl: 'http://127.0.0.1:9', // discard port: connection refused
      authKey: 'k',
      projectId: 1,
      maxAttempts: 2,
      sleep: async () => undefined,
    });
    const error = await api.outwardCall('1', '2').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    expect((error as Error).message).toMatch(/unreachable.*gave up after 2 attempts/);
  });

  it('refuses to start without an Auth-key, naming the variable', () => {
    expect(() => createRingostatApi({ authKey: '', projectId: 1 })).toThrow(/RINGOSTAT_AUTH_KEY is empty/);
  });
});
