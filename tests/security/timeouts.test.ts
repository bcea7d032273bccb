import type { Socket } from 'node:net';
import { openSocket, rawRequest, requestText } from './support/raw-http';
import { startSecurityReceiver, WEBHOOK_TOKEN, type SecurityReceiver } from './support/security-receiver';

/**
 * Slow and stalled clients (docs/adr/0081-timeouts-and-connection-cap.md), over raw sockets: a body that
 * never finishes is cut at REQUEST_TIMEOUT_MS with or without a token, 401 and 413 close the connection,
 * and MAX_CONNECTIONS caps how many sockets anyone holds. The timeout here is one second so the test is
 * short; the bounds asserted are loose (a busy machine), the point is "seconds, not minutes".
 */
jest.setTimeout(60_000);

let server: SecurityReceiver;
beforeAll(async () => {
  server = await startSecurityReceiver({ REQUEST_TIMEOUT_MS: '1000', MAX_CONNECTIONS: '8' });
});
afterAll(() => server.close());

/** Resolves with the milliseconds until the server closes the socket, and what it sent. */
function untilClosed(socket: Socket): Promise<{ ms: number; data: string }> {
  const started = Date.now();
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve({ ms: Date.now() - started, data })));
}

const post = (query: string, length: number) =>
  [
    `POST /ringostat/after-call?${query} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    '',
    '{"uniqueid":',
  ].join('\r\n');

test('a stalled body with the right token is cut within the request timeout', async () => {
  const socket = await openSocket(server.port);
  const closed = untilClosed(socket);
  socket.write(post(`token=${WEBHOOK_TOKEN}`, 1_000));
  const { ms } = await closed;
  expect(ms).toBeGreaterThanOrEqual(900);
  expect(ms).toBeLessThan(10_000);
});

test('a body trickled one byte at a time is cut too: the timeout covers the whole request', async () => {
  const socket = await openSocket(server.port);
  const closed = untilClosed(socket);
  socket.write(post(`token=${WEBHOOK_TOKEN}`, 10_000));
  const drip = setInterval(() => socket.writable && socket.write('1'), 100);
  const { ms } = await closed;
  clearInterval(drip);
  expect(ms).toBeLessThan(10_000);
});

test('headers that never finish are cut as well', async () => {
  const socket = await openSocket(server.port);
  const closed = untilClosed(socket);
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  const drip = setInterval(() => socket.writable && socket.write('a'), 100);
  const { ms } = await closed;
  clearInterval(drip);
  expect(ms).toBeLessThan(10_000);
});

test('without a token the 401 comes at once and closes the connection, body unread', async () => {
  const socket = await openSocket(server.port);
  const closed = untilClosed(socket);
  socket.write(post('token=wrong', 1_000_000));
  const { ms, data } = await closed;
  expect(data).toMatch(/^HTTP\/1\.1 401 /);
  expect(data.toLowerCase()).toContain('connection: close');
  expect(ms).toBeLessThan(900);
});

test('a 413 closes the connection', async () => {
  const answer = await rawRequest(
    server.port,
    requestText(
      'POST',
      `/ringostat/after-call?token=${WEBHOOK_TOKEN}`,
      ['Content-Type: application/json', 'Connection: keep-alive'],
      `{"x":"${'y'.repeat(1_100_000)}"}`,
    ),
  );
  expect(answer.status).toBe(413);
  expect(answer.headers.connection).toBe('close');
  expect(answer.closed).toBe(true);
});

test('connections beyond MAX_CONNECTIONS are refused; the receiver answers again once they go', async () => {
  const held = await Promise.all(Array.from({ length: 8 }, () => openSocket(server.port)));
  const extra = await openSocket(server.port);
  const refused = await untilClosed(extra);
  expect(refused.data).toBe('');
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await fetch(`${server.receiver.url}/healthz`)).status).toBe(200);
});
