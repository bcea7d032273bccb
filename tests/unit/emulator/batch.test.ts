import { emulatorClient } from './emulator-client';

/** $batch details from execute-batch-operations-using-web-api.md beyond the happy path. */
const part = (method: string, url: string, body?: unknown, contentId?: string) =>
  [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    `${method} ${url} HTTP/1.1`,
    'Content-Type: application/json; type=entry',
    '',
    body === undefined ? '' : JSON.stringify(body),
  ].join('\r\n');

const batch = (items: string[]) => [...items.map((i) => `--batch_T\r\n${i}`), '--batch_T--', ''].join('\r\n');
const changeset = (parts: string[]) =>
  [
    'Content-Type: multipart/mixed; boundary=changeset_T',
    '',
    ...parts.map((p) => `--changeset_T\r\n${p}`),
    '--changeset_T--',
  ].join('\r\n');
const headers = (prefer?: string) => ({
  'Content-Type': 'multipart/mixed; boundary=batch_T',
  ...(prefer ? { Prefer: prefer } : {}),
});

describe('$batch', () => {
  test('without continue-on-error the batch stops at the first failure', async () => {
    const dv = await emulatorClient();
    const body = batch([
      part('POST', '/api/data/v9.2/contacts', { bogus: 1 }),
      part('POST', '/api/data/v9.2/contacts', { lastname: 'never' }),
    ]);
    const r = await dv.send('POST', '$batch', body, headers());
    expect(r.status).toBe(400);
    expect(dv.emulator.rows('contact')).toEqual([]);
  });

  test('with odata.continue-on-error every request runs and errors are reported per part', async () => {
    const dv = await emulatorClient();
    const body = batch([
      part('POST', '/api/data/v9.2/contacts', { bogus: 1 }),
      part('POST', '/api/data/v9.2/contacts', { lastname: 'kept' }),
      part('GET', '/api/data/v9.2/contacts?$select=lastname'),
    ]);
    const r = await dv.send('POST', '$batch', body, headers('odata.continue-on-error'));
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain('HTTP/1.1 400 Bad Request');
    expect(text).toContain('HTTP/1.1 204 No Content');
    expect(text).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"lastname":"kept"/);
  });

  test('GET is not allowed inside a change set', async () => {
    const dv = await emulatorClient();
    const body = batch([changeset([part('GET', '/api/data/v9.2/contacts', undefined, '1')])]);
    const r = await dv.send('POST', '$batch', body, headers());
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('GET requests are not allowed inside a change set.');
  });

  test('a Content-ID reference that was not declared earlier is refused', async () => {
    const dv = await emulatorClient();
    const body = batch([
      changeset([
        part(
          'POST',
          '/api/data/v9.2/phonecalls',
          { subject: 'x', 'regardingobjectid_contact_phonecall@odata.bind': '$2' },
          '1',
        ),
        part('POST', '/api/data/v9.2/contacts', { lastname: 'late' }, '2'),
      ]),
    ]);
    const r = await dv.send('POST', '$batch', body, headers());
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Content-ID Reference: '$2' does not exist in the batch context.");
    expect(dv.emulator.rows('contact')).toEqual([]);
  });

  test('a custom API raised inside a change set that fails is withdrawn with the rollback', async () => {
    const dv = await emulatorClient();
    const body = batch([
      changeset([
        part('POST', '/api/data/v9.2/phonecalls', { subject: 'x', ringo_callid: 'rb' }, '1'),
        part(
          'POST',
          '/api/data/v9.2/ringo_OnCallLogged',
          {
            CallId: 'rb',
            Direction: 'in',
            Answered: true,
            PhoneCallId: '00000000-0000-0000-0000-000000000001',
          },
          '2',
        ),
        part('PATCH', '$1', { subject: 'x'.repeat(201) }, '3'),
      ]),
    ]);
    expect((await dv.send('POST', '$batch', body, headers())).status).toBe(400);
    expect(dv.emulator.customApiCalls()).toEqual([]);
    expect(dv.emulator.rows('phonecall')).toEqual([]);
  });

  test('absolute and relative part URLs both address the org', async () => {
    const dv = await emulatorClient();
    const body = batch([
      changeset([
        part('POST', 'https://org.crm.dynamics.com/api/data/v9.2/contacts', { lastname: 'abs' }, '1'),
        part('PATCH', '$1', { firstname: 'Anna' }, '2'),
        part('POST', 'contacts', { lastname: 'rel' }, '3'),
      ]),
    ]);
    expect((await dv.send('POST', '$batch', body, headers())).status).toBe(200);
    expect(
      dv.emulator
        .rows('contact')
        .map((c) => c.fullname)
        .sort(),
    ).toEqual(['Anna abs', 'rel']);
  });

  test('more than 1000 requests in one batch are refused', async () => {
    const dv = await emulatorClient();
    const body = batch(Array.from({ length: 1001 }, () => part('GET', '/api/data/v9.2/WhoAmI()')));
    const r = await dv.json('POST', '$batch', body, headers());
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('1000');
  });

  test('a body that is not multipart is a clear 400', async () => {
    const dv = await emulatorClient();
    const r = await dv.json('POST', '$batch', '{}', { 'Content-Type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('multipart/mixed');
  });
});
