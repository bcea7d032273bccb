import { capturedLogger } from './support/log-capture';
import {
  ADMIN_TOKEN,
  startSecurityReceiver,
  WEBHOOK_TOKEN,
  type SecurityReceiver,
} from './support/security-receiver';

/**
 * The webhook token is never stored and never logged (docs/adr/0085-the-token-is-never-stored.md):
 * not in the stored URL (also under an encoded key such as `tok%65n`), not in a form, JSON or multipart
 * body, not in a header, not in the rejected table, not in a debug log line — checked on the rows the
 * inbox really holds and on what the admin API shows.
 */
jest.setTimeout(30_000);

const capture = capturedLogger('trace');
let server: SecurityReceiver;
beforeAll(async () => {
  // The logger is given no secrets to scrub: the receiver must not hand the token to it at all.
  server = await startSecurityReceiver({ LOG_LEVEL: 'trace' }, { logger: capture.logger });
});
afterAll(() => server.close());

const SPELLINGS = [WEBHOOK_TOKEN, encodeURIComponent(WEBHOOK_TOKEN), WEBHOOK_TOKEN.replace(/e/g, '%65')];
let n = 0;
const fields = () => ({
  uniqueid: `tok-${++n}`,
  calldate: '2026-03-02 14:05:11',
  caller: '380501234567',
  dst: '380441112233',
});

function expectNoToken(text: string): void {
  for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
}

async function send(query: string, init: RequestInit = {}) {
  const response = await fetch(`${server.receiver.url}/ringostat/before-call?${query}`, {
    method: init.body ? 'POST' : 'GET',
    ...init,
  });
  return { status: response.status, json: (await response.json()) as { id?: number } };
}

async function storedRaw(id: number | undefined): Promise<string> {
  const entry = server.receiver.inbox.get(Number(id));
  expect(entry).toBeDefined();
  const admin = await fetch(`${server.receiver.url}/admin/events/${id}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return JSON.stringify(entry?.raw) + (await admin.text());
}

const query = `token=${WEBHOOK_TOKEN}`;

test.each([
  ['a JSON body', 'application/json', () => JSON.stringify({ ...fields(), token: WEBHOOK_TOKEN })],
  [
    'a JSON body with the key spelled tok\\u0065n',
    'application/json',
    () => JSON.stringify({ ...fields(), x: 1 }).replace('"x":1', `"tok\\u0065n":"${WEBHOOK_TOKEN}"`),
  ],
  [
    'additional_call_data in a JSON body',
    'application/json',
    () => JSON.stringify({ ...fields(), additional_call_data: { token: WEBHOOK_TOKEN } }),
  ],
  [
    'a form body, also as tok%65n',
    'application/x-www-form-urlencoded',
    () => `${new URLSearchParams(fields()).toString()}&token=${WEBHOOK_TOKEN}&tok%65n=${WEBHOOK_TOKEN}`,
  ],
  [
    'a form body under another key, percent-encoded',
    'application/x-www-form-urlencoded',
    () => `${new URLSearchParams(fields()).toString()}&copy=${WEBHOOK_TOKEN.replace(/e/g, '%65')}`,
  ],
])('a token in %s is not kept in the stored request', async (_name, contentType, body) => {
  const answer = await send(query, { body: body(), headers: { 'content-type': contentType } });
  expect(answer.status).toBe(200);
  const raw = await storedRaw(answer.json.id);
  expectNoToken(raw);
  expect(raw).toContain('380501234567'); // the rest of the body is kept
});

test('a token part in a multipart body is not kept; the other parts are', async () => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields())) form.append(key, value);
  form.append('token', WEBHOOK_TOKEN);
  const answer = await send(query, { body: form });
  expect(answer.status).toBe(200);
  const raw = await storedRaw(answer.json.id);
  expectNoToken(raw);
  expect(raw).toContain('name=\\"caller\\"');
});

test('the query token under tok%65n is accepted and not kept; nor a copy under another name', async () => {
  const params = new URLSearchParams(fields()).toString();
  const answer = await send(`tok%65n=${WEBHOOK_TOKEN}&${params}&access_token=${WEBHOOK_TOKEN}`, {
    headers: { 'x-ringostat-token': WEBHOOK_TOKEN, referer: `https://x/?token=${WEBHOOK_TOKEN}` },
  });
  expect(answer.status).toBe(200);
  expectNoToken(await storedRaw(answer.json.id));
});

test('a rejected request keeps no token either (400 and 413)', async () => {
  const bad = await send(query, {
    body: JSON.stringify({ uniqueid: 'only-an-id', token: WEBHOOK_TOKEN }),
    headers: { 'content-type': 'application/json' },
  });
  expect(bad.status).toBe(400);
  const huge = await fetch(`${server.receiver.url}/ringostat/after-call?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${WEBHOOK_TOKEN}&filler=${'x'.repeat(1_100_000)}`,
  });
  expect(huge.status).toBe(413);
  const rejected = JSON.stringify(server.receiver.inbox.listRejected({ limit: 10 }));
  expect(rejected).toContain('only-an-id');
  expectNoToken(rejected);
  const admin = await fetch(`${server.receiver.url}/admin/rejected`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expectNoToken(await admin.text());
});

test('no log line at trace level carries the token, whatever the request', async () => {
  await send(`tok%65n=${WEBHOOK_TOKEN}&uniqueid=x`);
  await send(`token=${WEBHOOK_TOKEN}x`);
  await fetch(`${server.receiver.url}/nowhere?token=${WEBHOOK_TOKEN}`);
  const text = capture.text();
  expect(text).toContain('webhook accepted');
  expect(text).toContain('"msg":"request"');
  expectNoToken(text);
});
