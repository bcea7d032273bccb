import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { buildWebResources } from '../../webresources/build';
import { ensureReceiverUrl } from './ensure-receiver-url';
import { FAVICON_SVG, indexPage, phoneCallFormPage } from './preview-pages';
import { previewLanguage } from './preview-texts';
import { createToneWav } from './tone-wav';
import { zoneOffsetMinutes } from './zone-offset';

export interface PreviewServerOptions {
  /** Base URL of a Dataverse Web API (the emulator in demo mode), e.g. http://127.0.0.1:5555 */
  readonly dataverseUrl: string;
  /** The webhook receiver: written into ringo_ReceiverUrl when that has no value yet (demo convenience). */
  readonly receiverUrl?: string;
  readonly port?: number;
  readonly host?: string;
  /** Bearer token the shim sends; the emulator accepts any non-empty one. */
  readonly token?: string;
  /** CRM user language (1058 uk, 1033 en). */
  readonly languageId?: number;
  readonly userId?: string;
  readonly userName?: string;
  /** The CRM user's time zone (IANA; default Europe/Kyiv) — what getTimeZoneOffsetMinutes() answers. */
  readonly timeZone?: string;
  /** Overrides the offset taken from `timeZone` (e.g. the offset at a fixed demo date). */
  readonly timeZoneOffsetMinutes?: number;
}

export interface PreviewServer {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function bundle(file: string): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, file)],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * Serves the built web resources under /webresources/<name> with an Xrm stand-in injected into each
 * page, a stand-in phone-call form at /preview/form/phonecall?id=…, and a synthesised demo recording at
 * /preview/recordings/<name>.wav (names starting with "expired" answer 410, like a dead Ringostat link).
 */
export async function createPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  if (!/^https?:\/\//.test(options.dataverseUrl)) {
    throw new Error(
      `createPreviewServer: dataverseUrl must be an http(s) URL, got "${options.dataverseUrl}"`,
    );
  }
  const outDir = mkdtempSync(join(tmpdir(), 'ringo-preview-'));
  let shim: string;
  let formHost: string;
  let indexScript: string;
  try {
    await buildWebResources({ outDir });
    [shim, formHost, indexScript] = await Promise.all([
      bundle('xrm-shim.ts'),
      bundle('form-host.ts'),
      bundle('index-page.ts'),
    ]);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const config = {
    dataverseUrl: options.dataverseUrl.replace(/\/+$/, ''),
    token: options.token ?? 'preview',
    languageId: options.languageId ?? 1058,
    userId: options.userId ?? '00000000-0000-0000-0000-000000000001',
    userName: options.userName ?? 'Preview user',
    timeZoneOffsetMinutes:
      options.timeZoneOffsetMinutes ?? zoneOffsetMinutes(options.timeZone ?? 'Europe/Kyiv'),
  };
  const configJs = `window.__ringoPreview = ${JSON.stringify(config)};\n`;
  const wav = createToneWav();
  const inject =
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml" />' +
    '<script src="/preview/config.js"></script><script src="/preview/xrm-shim.js"></script>';

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const path = decodeURIComponent(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    const language = previewLanguage(url.search, config.languageId);
    if (path === '/') return send(res, 200, TYPES['.html'] as string, indexPage(language));
    if (path === '/favicon.svg' || path === '/favicon.ico')
      return send(res, 200, 'image/svg+xml', FAVICON_SVG);
    if (path === '/preview/config.js') return send(res, 200, TYPES['.js'] as string, configJs);
    if (path === '/preview/xrm-shim.js') return send(res, 200, TYPES['.js'] as string, shim);
    if (path === '/preview/index.js') return send(res, 200, TYPES['.js'] as string, indexScript);
    if (path === '/preview/form-host.js') return send(res, 200, TYPES['.js'] as string, formHost);
    if (path === '/preview/form/phonecall')
      return send(res, 200, TYPES['.html'] as string, phoneCallFormPage(language));
    if (path.startsWith('/preview/recordings/')) {
      if (path.startsWith('/preview/recordings/expired'))
        return send(res, 410, 'text/plain', 'recording link expired');
      return sendAudio(req, res, wav);
    }
    if (path.startsWith('/webresources/')) {
      const file = normalize(join(outDir, path.slice('/webresources/'.length)));
      if (!file.startsWith(outDir + sep)) return send(res, 400, 'text/plain', 'bad path');
      let body: string | Buffer;
      try {
        body = readFileSync(file);
      } catch {
        return send(res, 404, 'text/plain', `no web resource ${path}`);
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (extname(file) === '.html') body = body.toString('utf8').replace('</head>', `${inject}</head>`);
      return send(res, 200, type, body);
    }
    return send(res, 404, 'text/plain', 'not found');
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      send(res, 500, 'text/plain', String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      rmSync(outDir, { recursive: true, force: true });
      reject(error);
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  if (options.receiverUrl) {
    await ensureReceiverUrl(config.dataverseUrl, config.token, options.receiverUrl).catch((error: unknown) =>
      console.warn(`preview: ringo_ReceiverUrl was left as it is (${String(error)})`),
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(outDir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Audio with byte ranges, which Chromium uses to seek. */
function sendAudio(req: IncomingMessage, res: ServerResponse, wav: Buffer): void {
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = { 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  if (!range) {
    res.writeHead(200, { ...headers, 'Content-Length': wav.length });
    res.end(req.method === 'HEAD' ? undefined : wav);
    return;
  }
  const start = range[1] ? Number(range[1]) : Math.max(0, wav.length - Number(range[2]));
  const end = range[1] && range[2] ? Math.min(Number(range[2]), wav.length - 1) : wav.length - 1;
  if (start >= wav.length || start > end) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${wav.length}` });
    res.end();
    return;
  }
  res.writeHead(206, {
    ...headers,
    'Content-Length': end - start + 1,
    'Content-Range': `bytes ${start}-${end}/${wav.length}`,
  });
  res.end(req.method === 'HEAD' ? undefined : wav.subarray(start, end + 1));
}
