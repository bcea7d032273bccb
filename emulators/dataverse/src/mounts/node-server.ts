import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataverseEmulator } from '../emulator-types';

/**
 * Serves the emulator over HTTP. Browser pages in the demo call it cross-origin, so every answer carries
 * CORS headers and preflights are answered without a token.
 */
const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, OData-MaxVersion, OData-Version, MSCRM.SolutionUniqueName, MSCRM.BypassCustomPluginExecution',
  'Access-Control-Expose-Headers':
    'OData-EntityId, OData-Version, Location, ETag, Preference-Applied, Retry-After, x-ms-dop-hint',
  'Access-Control-Max-Age': '600',
};

export async function listenEmulator(
  emulator: DataverseEmulator,
  port: number,
  host: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void serve(emulator, req, res, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function serve(emulator: DataverseEmulator, req: IncomingMessage, res: ServerResponse, host: string) {
  try {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
    const request = new Request(`http://${req.headers.host ?? host}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
    });
    const response = await emulator.handle(request);
    if (response.type === 'error') {
      req.socket.destroy(); // injected "connection reset"
      return;
    }
    const out: Record<string, string> = { ...CORS };
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    res.writeHead(500, { ...CORS, 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: '0x80040216', message: `Emulator fault: ${(e as Error).message}` } }),
    );
  }
}
