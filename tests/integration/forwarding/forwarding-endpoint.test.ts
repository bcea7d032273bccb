import {
  ADMIN,
  expectedBody,
  FORMATS,
  NUMBERS,
  OKSANA_MOBILE,
  startForwardingStack,
  TOKEN,
  type ForwardingStack,
} from './forwarding-stack';

/**
 * /ringostat/forwarding over real HTTP, in the three data submission types Ringostat offers (help article
 * 6475030): every answer kind, in each format, from the real receiver assembly against the Dataverse
 * emulator — and not one Dataverse request while answering.
 */
let stack: ForwardingStack;

beforeAll(async () => {
  stack = await startForwardingStack();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const KINDS: Array<[kind: string, caller: string | undefined, destination: string | undefined]> = [
  ['redirect', NUMBERS.olena, 'olena_sip'],
  ['redirect', NUMBERS.oksana, OKSANA_MOBILE],
  ['new', NUMBERS.unknown, undefined],
  ['ambiguous', NUMBERS.ambiguous, undefined],
  ['unowned', NUMBERS.unowned, undefined],
  ['team', NUMBERS.team, undefined],
  ['disabled_user', NUMBERS.disabled, undefined],
  ['no_extension', NUMBERS.noExtension, undefined],
  ['no_caller', 'anonymous', undefined],
  ['no_caller', undefined, undefined],
];

describe.each(FORMATS)('answering in %s', (format) => {
  it.each(KINDS)('%s for caller %p', async (kind, caller, destination) => {
    const answer = await stack.forward(format, caller === undefined ? { uuid: 'x' } : { caller });
    expect(answer).toEqual({
      status: 200,
      kind,
      contentType: format === 'http' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      body: expectedBody(format, destination),
    });
  });

  it('bad_request: a body over the 64 KiB limit is still answered, "no redirect"', async () => {
    const response = await fetch(`${stack.url}/ringostat/forwarding?token=${TOKEN}&answer=${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ caller: NUMBERS.olena, padding: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ringostat-forwarding')).toBe('bad_request');
    expect(await response.text()).toBe(expectedBody(format, undefined).replace('"id":7', '"id":null'));
  });

  it('unauthorized: a wrong token gets 401 and no answer', async () => {
    const response = await fetch(
      `${stack.url}/ringostat/forwarding?token=wrong&caller=${NUMBERS.olena}&answer=${format}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });
});

it('answers an unreadable JSON body in JSON, "no redirect"', async () => {
  const response = await fetch(`${stack.url}/ringostat/forwarding?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ caller: NUMBERS.olena, padding: 'x'.repeat(70_000) }),
  });
  expect([response.status, response.headers.get('x-ringostat-forwarding'), await response.text()]).toEqual([
    200,
    'bad_request',
    '{}',
  ]);
});

it('accepts GET, POST, PUT and DELETE, the methods Ringostat offers, and answers by ?answer= whatever the request was', async () => {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
    const url = `${stack.url}/ringostat/forwarding?token=${TOKEN}&answer=json&field=number`;
    const response =
      method === 'GET'
        ? await fetch(`${url}&caller=${NUMBERS.olena}`)
        : await fetch(url, {
            method,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ caller: NUMBERS.olena }),
          });
    expect([method, response.status, await response.text()]).toEqual([method, 200, '{"number":"olena_sip"}']);
  }
});

it('answers every kind without one Dataverse request', async () => {
  stack.org.emulator.resetRequestLog();
  for (const format of FORMATS)
    for (const [, caller] of KINDS) await stack.forward(format, caller ? { caller } : {});
  expect(stack.org.emulator.requests()).toEqual([]);
});

describe('the rules follow the settings in Dataverse', () => {
  afterEach(async () => {
    await stack.setVariable('ringo_ForwardingEnabled', 'on');
    await stack.setVariable('ringo_ForwardingHours', '');
    await stack.admin('POST', '/admin/forwarding/refresh');
  });

  it.each(FORMATS)('off: forwarding switched off answers "no redirect" (%s)', async (format) => {
    await stack.setVariable('ringo_ForwardingEnabled', 'off');
    await stack.admin('POST', '/admin/forwarding/refresh');
    const answer = await stack.forward(format, { caller: NUMBERS.olena });
    expect([answer.kind, answer.body]).toEqual(['off', expectedBody(format, undefined)]);
  });

  it.each(FORMATS)(
    'outside_hours: a call outside the working hours answers "no redirect" (%s)',
    async (format) => {
      const today = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Kyiv', weekday: 'short' })
        .format(new Date())
        .toLowerCase();
      const other = today === 'mon' ? 'tue' : 'mon';
      await stack.setVariable('ringo_ForwardingHours', `${other} 00:00-24:00`);
      await stack.admin('POST', '/admin/forwarding/refresh');
      const answer = await stack.forward(format, { caller: NUMBERS.olena });
      expect([answer.kind, answer.body]).toEqual(['outside_hours', expectedBody(format, undefined)]);
    },
  );

  it('an invalid value keeps the last good settings and is shown to the admin', async () => {
    await stack.setVariable('ringo_ForwardingEnabled', 'sometimes');
    const status = await stack.admin('POST', '/admin/forwarding/refresh');
    expect(status.json).toMatchObject({
      enabled: true,
      problems: ['ringo_ForwardingEnabled must be on or off, got "sometimes"'],
    });
    expect((await stack.forward('http', { caller: NUMBERS.olena })).kind).toBe('redirect');
  });
});

describe('extensions learned from calls, and whether Ringostat followed a redirect', () => {
  it('rings Ivan at the SIP login his answered calls were connected to, and sees the call reach him', async () => {
    expect((await stack.forward('json', { caller: NUMBERS.ivan })).kind).toBe('no_extension');
    const call = {
      uniqueid: 'learn-1',
      calldate: '2026-03-02 14:05:11',
      call_type: 'in',
      dst: '380441112233',
    };
    expect(
      await stack.webhook('after-call', {
        ...call,
        caller: '380501112200',
        disposition: 'ANSWERED',
        billsec: 30,
        employee_number: '333333',
        connected_with: 'ivan_sip',
      }),
    ).toBe(200);
    await eventually(async () => (await stack.forward('json', { caller: NUMBERS.ivan })).kind === 'redirect');
    const redirect = await stack.forward('json', { caller: NUMBERS.ivan, uniqueid: 'follow-1' });
    expect(redirect.body).toBe('{"destination":"ivan_sip"}');

    await stack.webhook('after-call', {
      ...call,
      uniqueid: 'follow-1',
      caller: NUMBERS.ivan,
      disposition: 'ANSWERED',
      billsec: 12,
      employee_number: '333333',
      connected_with: 'ivan_sip',
    });
    await eventually(async () => {
      const status = await stack.admin('GET', '/admin/forwarding');
      return (status.json.followups as { reached: number }).reached === 1;
    });
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toContain('ringostat_forwarding_followups_total{result="reached"} 1');
  });
});

describe('what the admin and the operator see', () => {
  it('GET /admin/forwarding: the rules in effect, counts by kind, recent answers with masked numbers, the extensions', async () => {
    const status = await stack.admin('GET', '/admin/forwarding');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      enabled: true,
      settings: {
        enabled: true,
        ambiguous: 'same-owner',
        defaultOwnerId: stack.users.defaultOwner,
        typedExtensions: 2,
      },
      state: { users: 7, directory: { mode: 'directory' } },
      answers: { redirect: expect.any(Number), new: expect.any(Number), team: expect.any(Number) },
    });
    const extensions = status.json.extensions as Array<Record<string, unknown>>;
    expect(extensions).toEqual(
      expect.arrayContaining([
        {
          staffId: '111111',
          destination: 'olena_sip',
          source: 'typed',
          seenAt: null,
          users: [stack.users.olena],
        },
        expect.objectContaining({ staffId: '333333', destination: 'ivan_sip', source: 'connected_with' }),
      ]),
    );
    const recent = status.json.recent as Array<Record<string, unknown>>;
    expect(recent[0]).toMatchObject({ caller: expect.stringMatching(/^\+380\*+\d{4}$/) });
    expect(JSON.stringify(status.json.recent)).not.toMatch(/380671112233|380501110001|380671110044/);
  });

  it('the forwarding admin routes need the admin token, like the rest of the admin API', async () => {
    const routes: Array<[method: string, path: string]> = [
      ['GET', '/admin/forwarding'],
      ['POST', '/admin/forwarding/refresh'],
    ];
    for (const [method, path] of routes) {
      const bare = await fetch(`${stack.url}${path}`, { method });
      const wrong = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect([path, bare.status, wrong.status]).toEqual([path, 401, 401]);
    }
  });

  it('lists requests shaped unlike the contract — parameter names only — and counts them', async () => {
    await fetch(`${stack.url}/ringostat/forwarding?token=${TOKEN}&phone=${NUMBERS.olena}&step=1`);
    const status = await stack.admin('GET', '/admin/forwarding');
    const unexpected = status.json.unexpected as Array<Record<string, unknown>>;
    expect(unexpected[0]).toMatchObject({
      reasons: ['caller_under_other_key'],
      method: 'GET',
      keys: ['phone', 'step'],
    });
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(
      /ringostat_forwarding_unexpected_requests_total\{reason="caller_under_other_key"\} [1-9]/,
    );
  });

  it('/metrics counts answers by kind and format and has the latency histogram', async () => {
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/ringostat_forwarding_answers_total\{kind="redirect",format="json-rpc"\} [1-9]/);
    expect(metrics).toMatch(/ringostat_forwarding_answers_total\{kind="unauthorized",format="none"\} [1-9]/);
    expect(metrics).toMatch(/ringostat_forwarding_seconds_bucket\{le="0.01"\} [1-9]/);
  });

  it('logs each answer with the caller masked, and never the token', () => {
    const lines = stack
      .logs()
      .split('\n')
      .filter((l) => l.includes('forwarding answered'));
    expect(lines.length).toBeGreaterThan(20);
    expect(stack.logs()).not.toMatch(/380671112233|380501110002/);
    expect(stack.logs()).not.toContain(TOKEN);
    expect(stack.logs()).not.toContain(ADMIN);
  });
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
