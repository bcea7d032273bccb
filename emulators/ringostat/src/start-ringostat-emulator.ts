import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createRingostatEmulator,
  type RingostatEmulator,
  type RingostatEmulatorOptions,
} from './ringostat-emulator';

/** The emulator behind a real Node HTTP server (for the demo, integration tests and benchmarks). */

export interface StartedRingostatEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:5556 */
  url: string;
  emulator: RingostatEmulator;
  close(): Promise<void>;
}

export async function startRingostatEmulator(
  options: RingostatEmulatorOptions & { port?: number; host?: string },
): Promise<StartedRingostatEmulator> {
  const emulator = createRingostatEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void serve(emulator, host, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    emulator,
    async close() {
      emulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(emulator: RingostatEmulator, host: string, req: IncomingMessage, res: ServerResponse) {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
    const request = new Request(`http://${req.headers.host ?? host}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
    });
    const response = await emulator.handle(request);
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  } catch (error) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'emulator_failure', message: String(error) }));
  }
}
