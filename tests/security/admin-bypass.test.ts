import { rawRequest, requestText } from './support/raw-http';
import {
  ADMIN_TOKEN,
  CALLER,
  startSecurityReceiver,
  WEBHOOK_TOKEN,
  type SecurityReceiver,
} from './support/security-receiver';

/**
 * The reproductions of the admin-API bypass (percent-encoded paths, absolute-form request lines, HEAD…),
 * over real HTTP and raw sockets, against the receiver assembled as `npm run serve` assembles it. Each
 * must answer 401, 404 or 503 and carry no stored data; with the right bearer token the same spellings
 * reach the real routes, which proves the probes hit them.
 */
jest.setTimeout(30_000);

const CALL_ID = 'ua18_-1791545397.2215926';

/** Spellings from the report, each an admin route the router matches once decoded. */
const REPORTED: Array<[method: string, target: string]> = [
  ['GET', '/%61dmin/events'],
  ['GET', '/adm%69n/rejected'],
  ['GET', '/%61dmin/ambiguous-numbers'],
  ['GET', '/%61dmin/ringostat'],
  ['GET', '/admin/%72ingostat'],
  ['GET', 'http://x/admin/events'],
  ['GET', 'http://x/%61dmin/events?status=pending'],
  ['HEAD', '/%61dmin/events'],
  ['GET', '/admin/events/'],
  ['OPTIONS', '/%61dmin/events'],
];

/**
 * Under /admin but no admin route (dot segments and `;` are not normalised by Fastify's router): the
 * admin scope's own not-found, which meets the token check first — refused without the token, 404 with it.
 */
const ADMIN_UNKNOWN = ['/admin/./events', '/admin/events;x', '/admin/nothing-here', '/admin', '/admin/'];

/** Spellings the router does not match at all: the plain 404, also with the right token. */
const UNMATCHED = [
  '/ADMIN/events',
  '//admin/events',
  '/x/../admin/events',
  '/Admin/events',
  '/%2561dmin/events',
];

function leaksNothing(body: string): void {
  expect(body).not.toContain(CALL_ID);
  expect(body).not.toContain(CALLER);
  expect(body).not.toContain('"events"');
  expect(body).not.toContain(WEBHOOK_TOKEN);
}

describe.each([
  ['ADMIN_TOKEN set', ADMIN_TOKEN, 401],
  ['ADMIN_TOKEN unset (admin API off)', null, 503],
] as const)('with %s', (_name, adminToken, refused) => {
  let server: SecurityReceiver;
  beforeAll(async () => {
    server = await startSecurityReceiver({}, { adminToken });
  });
  afterAll(() => server.close());

  test.each(REPORTED)(`%s %s without a token answers ${refused} and no data`, async (method, target) => {
    const answer = await rawRequest(server.port, requestText(method, target, ['Connection: keep-alive']));
    expect(answer.status).toBe(refused);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    leaksNothing(answer.body);
  });

  test(`POST /%61dmin/events/:id/retry changes nothing and answers ${refused}`, async () => {
    const before = server.receiver.inbox.get(server.seededId);
    const answer = await rawRequest(
      server.port,
      requestText('POST', `/%61dmin/events/${server.seededId}/retry`, ['Content-Length: 0']),
    );
    expect(answer.status).toBe(refused);
    expect(server.receiver.inbox.get(server.seededId)).toEqual(before);
  });

  test('a wrong, empty or webhook token as bearer is refused the same way', async () => {
    for (const authorization of [`Bearer ${WEBHOOK_TOKEN}`, 'Bearer ', `Basic ${ADMIN_TOKEN}`, 'Bearer x']) {
      const answer = await rawRequest(
        server.port,
        requestText('GET', '/%61dmin/events', [`Authorization: ${authorization}`]),
      );
      expect(answer.status).toBe(refused);
      leaksNothing(answer.body);
    }
  });

  test.each(ADMIN_UNKNOWN)(`%s without a token answers ${refused}, not whether it exists`, async (target) => {
    const answer = await rawRequest(server.port, requestText('GET', target));
    expect(answer.status).toBe(refused);
    leaksNothing(answer.body);
  });

  test.each(UNMATCHED)('%s matches no route: 404 with no data', async (target) => {
    const answer = await rawRequest(server.port, requestText('GET', target));
    expect(answer.status).toBe(404);
    leaksNothing(answer.body);
  });
});

describe('with the right bearer token', () => {
  let server: SecurityReceiver;
  beforeAll(async () => {
    server = await startSecurityReceiver();
  });
  afterAll(() => server.close());
  const bearer = [`Authorization: Bearer ${ADMIN_TOKEN}`];

  test('the encoded and absolute-form spellings reach the real route (the probes above hit it)', async () => {
    for (const target of ['/%61dmin/events', 'http://x/admin/events', '/admin/events/']) {
      const answer = await rawRequest(server.port, requestText('GET', target, bearer));
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(CALL_ID);
    }
    const head = await rawRequest(server.port, requestText('HEAD', '/%61dmin/events', bearer));
    expect(head.status).toBe(200);
  });

  test('spellings the router does not match stay 404, and an unknown admin path is 404 only with the token', async () => {
    for (const target of UNMATCHED) {
      expect((await rawRequest(server.port, requestText('GET', target, bearer))).status).toBe(404);
    }
    for (const target of ADMIN_UNKNOWN) {
      expect((await rawRequest(server.port, requestText('GET', target, bearer))).status).toBe(404);
    }
  });

  test('the scheme name of the bearer token is case-insensitive (RFC 6750), the token is not', async () => {
    const lower = await rawRequest(
      server.port,
      requestText('GET', '/admin/events', [`Authorization: bearer ${ADMIN_TOKEN}`]),
    );
    expect(lower.status).toBe(200);
    const upper = await rawRequest(
      server.port,
      requestText('GET', '/admin/events', [`Authorization: Bearer ${ADMIN_TOKEN.toUpperCase()}`]),
    );
    expect(upper.status).toBe(401);
  });
});
