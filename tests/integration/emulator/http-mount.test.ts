import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';

describe('the emulator HTTP server', () => {
  test('answers CORS preflights without a token and exposes the OData headers to browsers', async () => {
    const server = await startEmulatorServer();
    try {
      const preflight = await fetch(`${server.url}/api/data/v9.2/contacts`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://127.0.0.1:9999',
          'Access-Control-Request-Method': 'PATCH',
          'Access-Control-Request-Headers': 'authorization,prefer,if-match',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
      const allowed = preflight.headers.get('Access-Control-Allow-Headers') ?? '';
      for (const h of ['Authorization', 'Prefer', 'If-Match', 'If-None-Match', 'OData-Version'])
        expect(allowed).toContain(h);
      const created = await fetch(`${server.url}/api/data/v9.2/contacts`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer t',
          'Content-Type': 'application/json',
          Origin: 'http://127.0.0.1:9999',
        },
        body: JSON.stringify({ lastname: 'Cors' }),
      });
      expect(created.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(created.headers.get('Access-Control-Expose-Headers')).toContain('OData-EntityId');
    } finally {
      await server.close();
    }
  });

  test('an injected connection reset drops the socket', async () => {
    const server = await startEmulatorServer({ solution: 'none', faults: { rate: 1, kinds: ['reset'] } });
    try {
      await expect(
        fetch(`${server.url}/api/data/v9.2/contacts`, { headers: { Authorization: 'Bearer t' } }),
      ).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  test('npm run emulator -- --bare prints its URL and serves a bare org', async () => {
    const child = spawn(
      process.execPath,
      [
        join(__dirname, '../../../node_modules/tsx/dist/cli.mjs'),
        join(__dirname, '../../../emulators/dataverse/src/serve.ts'),
        '--bare',
      ],
      { env: { ...process.env, DATAVERSE_EMULATOR_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
      });
      const r = await fetch(`${url}/api/data/v9.2/phonecalls`, {
        method: 'POST',
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
        body: JSON.stringify({ ringo_callid: 'x' }),
      });
      expect(r.status).toBe(400); // a bare org has no product columns
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
