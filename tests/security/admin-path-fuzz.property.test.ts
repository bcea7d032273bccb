import fc from 'fast-check';
import { rawRequest, requestText } from './support/raw-http';
import {
  ADMIN_TOKEN,
  CALLER,
  startSecurityReceiver,
  WEBHOOK_TOKEN,
  type SecurityReceiver,
} from './support/security-receiver';

/**
 * A property over thousands of generated spellings of admin paths, sent over raw sockets so no client
 * tidies them: percent-encoding (upper- and lower-case hex, double), letter case, doubled slashes, dot
 * segments, `;` parameters, trailing slashes, absolute-form request lines, queries and every method.
 * Without the right bearer token none may answer 2xx or carry stored data. With the token the same
 * generator reaches the real routes, so the property is not passing by missing them.
 */
jest.setTimeout(180_000);

const ROUTES = [
  'events',
  'events?status=pending',
  'events/1',
  'events/1/retry',
  'rejected',
  'ambiguous-numbers',
  'ringostat',
  'ringostat/reconcile',
  'readiness',
  '',
];
const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH'];

/** One character as written, percent-encoded (either hex case) or, when allowed, case-flipped. */
const spelledChar = (c: string, flipCase: boolean): fc.Arbitrary<string> => {
  const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
  const options = [fc.constant(c), fc.constant(`%${hex.toUpperCase()}`), fc.constant(`%${hex}`)];
  if (flipCase && /[a-z]/i.test(c))
    options.push(fc.constant(c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return fc.oneof({ arbitrary: options[0]!, weight: 3 }, ...options.slice(1));
};

/** Every trick; `tidy` keeps to spellings a router may legitimately map onto the route (the control). */
const spelledPathOf = (tidy: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...ROUTES),
      fc.constantFrom('', 'http://x', 'HTTP://127.0.0.1:80', 'http://evil.example'),
      tidy
        ? fc.constantFrom('', '/', '?')
        : fc.constantFrom('', '/', '//', '/.', ';a=b', '/..', '?', '#x', '%2F'),
      tidy ? fc.constant('/') : fc.constantFrom('', '/', '//', '/./', '/x/../'),
    )
    .chain(([route, origin, tail, joint]) => {
      const [path = '', query] = route.split('?');
      const text = `admin${joint === '' ? '/' : joint}${path}`;
      return fc
        .tuple(...[...text].map((c) => (c === '/' ? fc.constant('/') : spelledChar(c, !tidy))))
        .map((chars) => `${origin}/${chars.join('')}${tail}${query ? `?${query}` : ''}`);
    });
const spelledPath = spelledPathOf(false);

const wrongAuthorization: fc.Arbitrary<readonly string[]> = fc.oneof(
  fc.constant([]),
  fc.constantFrom(
    [`Authorization: Bearer ${WEBHOOK_TOKEN}`],
    [`Authorization: Bearer ${ADMIN_TOKEN.slice(0, -1)}`],
    [`Authorization: Bearer ${ADMIN_TOKEN}x`],
    [`Authorization: Bearer ${ADMIN_TOKEN.toUpperCase()}`],
    [`Authorization: Basic ${ADMIN_TOKEN}`],
    [`Authorization: ${ADMIN_TOKEN}`],
    ['Authorization: Bearer'],
    [`X-Admin-Token: ${ADMIN_TOKEN}`],
    [`Cookie: token=${ADMIN_TOKEN}`],
  ),
  fc.string({ maxLength: 40 }).map((s) => [`Authorization: Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`]),
);

describe('no spelling of an admin path gets in without the right bearer token', () => {
  let server: SecurityReceiver;
  beforeAll(async () => {
    server = await startSecurityReceiver();
  });
  afterAll(() => server.close());

  test('3,000 generated requests: never a 2xx, never stored data', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        spelledPath,
        wrongAuthorization,
        async (method, target, headers) => {
          const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{}' : '';
          const extra = body ? [...headers, 'Content-Type: application/json'] : [...headers];
          const answer = await rawRequest(server.port, requestText(method, target, extra, body));
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expect(answer.status >= 200 && answer.status < 400).toBe(false);
          expect(answer.body).not.toContain(CALLER);
          expect(answer.body).not.toContain('ua18_');
        },
      ),
      { numRuns: 3_000, seed: 13_2026 },
    );
    // The mix reaches the admin scope (401) as well as plain 404s; parser errors are 400s.
    expect(statuses.get(401) ?? 0).toBeGreaterThan(300);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(100);
  });

  test('control: with the right token the same generator reaches real admin routes', async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'HEAD'), spelledPathOf(true), async (method, target) => {
        const answer = await rawRequest(
          server.port,
          requestText(method, target, [`Authorization: Bearer ${ADMIN_TOKEN}`]),
        );
        if (answer.status === 200) ok++;
      }),
      { numRuns: 500, seed: 13_2026 },
    );
    expect(ok).toBeGreaterThan(250);
  });
});
