import { Agent, request } from 'node:http';

/**
 * A small HTTP client for the drills: raw bodies, any method and content type, a keep-alive pool bounded
 * to `connections`, and a per-request timeout. Network failures come back as status 0, never as throws,
 * so a drill can count them.
 */
export interface DrillRequest {
  method: string;
  /** Path and query, e.g. `/ringostat/after-call?token=…`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface DrillResponse {
  status: number;
  body: string;
  /** Set when the request failed below HTTP (refused, reset, timed out). */
  error?: string;
}

export interface HttpClient {
  send(req: DrillRequest): Promise<DrillResponse>;
  close(): void;
}

export function createHttpClient(base: string, options: { connections?: number; timeoutMs?: number } = {}) {
  const url = new URL(base);
  let agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 16 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client: HttpClient & { retarget(next: string): void } = {
    send: (req) =>
      new Promise<DrillResponse>((resolve) => {
        const body = req.body === undefined ? undefined : Buffer.from(req.body);
        const headers: Record<string, string | number> = { ...req.headers };
        if (body) headers['content-length'] = body.length;
        let outgoing: ReturnType<typeof request>;
        try {
          outgoing = request(
            {
              agent,
              host: url.hostname,
              port: url.port,
              method: req.method,
              path: req.path,
              headers,
              timeout: timeoutMs,
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
              );
              res.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
            },
          );
        } catch (error) {
          // A request Node refuses to send (e.g. an unescaped path) is the drill's own bug: say so.
          resolve({ status: 0, body: '', error: `not sent: ${(error as Error).message}` });
          return;
        }
        outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
        outgoing.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
    /** Points the client at a restarted server (new port), dropping the old pool. */
    retarget(next: string) {
      const nextUrl = new URL(next);
      url.hostname = nextUrl.hostname;
      url.port = nextUrl.port;
      agent.destroy();
      agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 16 });
    },
  };
  return client;
}

/** Runs `work` over `items` with at most `limit` in flight, in order of the items. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}
