import { emulatorClient, ORG } from './emulator-client';

/**
 * The three service protection limits of Learn's api-limits page, each per user (the emulator knows a
 * user by its bearer token) and each with its own code, and Retry-After in seconds.
 */
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('service protection limits per user', () => {
  test('the request budget refuses the next request of that user with 0x80072322 until the window moves', async () => {
    let now = Date.parse('2026-03-02T12:00:00Z');
    const dv = await emulatorClient({
      requestWindow: { limit: 3, windowMs: 300_000 },
      now: () => new Date(now),
    });
    for (let i = 0; i < 3; i++) expect((await dv.send('GET', 'WhoAmI', undefined, as('a'))).status).toBe(200);
    const refused = await dv.send('GET', 'WhoAmI', undefined, as('a'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('300');
    expect(await refused.json()).toEqual({
      error: {
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 3 over time window of 300 seconds.',
      },
    });
    expect((await dv.send('GET', 'WhoAmI', undefined, as('b'))).status).toBe(200);
    now += 300_001;
    expect((await dv.send('GET', 'WhoAmI', undefined, as('a'))).status).toBe(200);
  });

  test('the execution-time budget refuses with 0x80072321 once a user has spent it', async () => {
    // Each reading of the clock moves it 30 ms, so every request executes for exactly 30 ms.
    let now = Date.parse('2026-03-02T12:00:00Z');
    const dv = await emulatorClient({
      executionTime: { limitMs: 50, windowMs: 60_000 },
      now: () => new Date((now += 30)),
    });
    expect((await dv.send('GET', 'WhoAmI', undefined, as('a'))).status).toBe(200);
    expect((await dv.send('GET', 'WhoAmI', undefined, as('a'))).status).toBe(200);
    const refused = await dv.json('GET', 'WhoAmI', undefined, as('a'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('0x80072321');
    expect(refused.body.error.message).toMatch(
      /^Combined execution time of incoming requests exceeded limit of 50 milliseconds over time window of 60 seconds\./,
    );
    expect((await dv.send('GET', 'WhoAmI', undefined, as('b'))).status).toBe(200);
  });

  test('concurrent requests are counted per user: 0x80072326 refuses only the one over the limit', async () => {
    const dv = await emulatorClient({ latencyMs: 50, maxConcurrency: 1 });
    const [first, second, other] = await Promise.all([
      dv.send('GET', 'WhoAmI', undefined, as('a')),
      dv.send('GET', 'WhoAmI', undefined, as('a')),
      dv.send('GET', 'WhoAmI', undefined, as('b')),
    ]);
    expect([first?.status, second?.status].sort()).toEqual([200, 429]);
    expect(other?.status).toBe(200);
    const refused = first?.status === 429 ? first : second;
    expect(refused?.headers.get('Retry-After')).toBe('1');
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('0x80072326');
  });

  test('x-ms-dop-hint carries the configured recommended parallelism', async () => {
    const dv = await emulatorClient({ dopHint: 8 });
    expect((await dv.send('GET', 'WhoAmI')).headers.get('x-ms-dop-hint')).toBe('8');
  });
});

describe('error messages in the org language', () => {
  test('with 1058 the codes stay and the text is Ukrainian, so no client can match English text', async () => {
    const dv = await emulatorClient({ language: 1058, requestWindow: { limit: 1, windowMs: 60_000 } });
    const missing = await dv.json(
      'GET',
      'contacts(00000000-0000-0000-0000-0000000000aa)',
      undefined,
      as('a'),
    );
    expect(missing.body.error).toEqual({
      code: '0x80040217',
      message: 'contact з ідентифікатором 00000000-0000-0000-0000-0000000000aa не існує',
    });
    const throttled = await dv.json('GET', 'WhoAmI', undefined, as('a'));
    expect(throttled.body.error).toEqual({
      code: '0x80072322',
      message: 'Кількість запитів перевищила ліміт 1 за часове вікно 60 с.',
    });
  });

  test('a message without a translation keeps its code and quoted names and no English words', async () => {
    const dv = await emulatorClient({ language: 1058 });
    const r = await dv.json('GET', 'contacts?$select=lastname&$top=x');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("Запит відхилено (код 0x80060888): 'x'.");
  });

  test('a failed change set answers in the org language too', async () => {
    const dv = await emulatorClient({ language: 1058 });
    const id = dv.emulator.insert('contact', { lastname: 'Batch' });
    const body = [
      '--b',
      'Content-Type: multipart/mixed; boundary=c',
      '',
      '--c',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      `POST ${ORG}contacts HTTP/1.1`,
      'Content-Type: application/json',
      '',
      JSON.stringify({ contactid: id, lastname: 'Again' }),
      '--c--',
      '--b--',
      '',
    ].join('\r\n');
    const r = await dv.send('POST', '$batch', body, { 'Content-Type': 'multipart/mixed; boundary=b' });
    const text = await r.text();
    expect(text).toContain('"code":"0x80040237"');
    expect(text).toContain('Неможливо вставити повторюваний ключ.');
  });
});
