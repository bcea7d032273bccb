import { connect, type Socket } from 'node:net';

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: no client normalises the path (`/x/../admin`,
 * `//admin`, absolute-form request lines), adds headers or reuses the connection.
 */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the connection (after the answer, or without one). */
  closed: boolean;
}

export function rawRequest(
  port: number,
  text: string,
  options: { timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ...parse(data), closed: false });
    }, options.timeoutMs ?? 5_000);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const answer = parse(data);
      // Keep-alive answers end at Content-Length; 401s and 404s close the socket themselves.
      if (answer.complete && answer.headers.connection !== 'close') {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ...answer, closed: false });
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parse(data), closed: true });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (data) resolve({ ...parse(data), closed: true });
      else reject(error);
    });
  });
}

/**
 * `GET /path` with the usual headers; `extra` lines are added as they are. The request asks to close the
 * connection after the answer unless `extra` says otherwise (`Connection: keep-alive` shows whether the
 * server closes it by itself).
 */
export function requestText(method: string, target: string, extra: string[] = [], body = ''): string {
  const connection = extra.some((line) => /^connection:/i.test(line)) ? [] : ['Connection: close'];
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...connection, ...extra];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function parse(data: string): Omit<RawAnswer, 'closed'> & { complete: boolean } {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '', complete: false };
  const [statusLine = '', ...headerLines] = data.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = Buffer.from(data.slice(end + 4), 'latin1').toString('utf8');
  const length = Number(headers['content-length'] ?? NaN);
  const complete = Number.isFinite(length) ? Buffer.byteLength(body) >= length : false;
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body, complete };
}

/** Opens a socket and keeps it open until `destroy()`; resolves once connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}
