import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIntakeServer, TOKEN, type IntakeServer } from '../intake/intake-server';
import { ROOT } from './fresh-clone';

/**
 * The hosting files under deploy/, checked with the real tools where this machine has them: systemd's own
 * verifier for the units, a real nginx (Debian's package) proxying HTTPS to a real receiver, and for the
 * Dockerfile — Docker cannot build here — every path, user, volume and health check it names.
 */
jest.setTimeout(60_000);

const DEPLOY = join(ROOT, 'deploy');
// The build script is plain CommonJS (it must run without tsx), so it is required, not imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENTRIES } = require(join(ROOT, 'scripts', 'build-receiver.cjs')) as {
  ENTRIES: Record<string, string>;
};
const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');

describe('systemd units', () => {
  const units = [
    'ringostat-receiver.service',
    'ringostat-receiver-backup.service',
    'ringostat-receiver-backup.timer',
  ];

  test('systemd-analyze verify finds nothing to say about them', () => {
    const result = spawnSync('systemd-analyze', ['verify', ...units.map((u) => join(DEPLOY, 'systemd', u))], {
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(['ringostat-receiver.service', 'ringostat-receiver-backup.service'])(
    '%s starts a file the production build makes, through the build check',
    (unit) => {
      const execStart = /^ExecStart=(.*)$/m.exec(read(`systemd/${unit}`))?.[1] ?? '';
      const entry = /dist\/receiver\/([\w-]+)\.js/.exec(execStart)?.[1] ?? '';
      expect(Object.keys(ENTRIES)).toContain(entry);
      expect(execStart).toContain('--require ./scripts/check-build.cjs');
      expect(existsSync(join(ROOT, 'scripts', 'check-build.cjs'))).toBe(true);
    },
  );

  test('the receiver runs unprivileged and hardened, with DATA_DIR as its state directory', () => {
    const unit = read('systemd/ringostat-receiver.service');
    for (const line of [
      'User=ringostat',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'CapabilityBoundingSet=',
      'StateDirectory=ringostat-receiver',
      'KillSignal=SIGTERM',
    ])
      expect(unit.split('\n')).toContain(line);
    expect(unit).toMatch(/^Environment=.*DATA_DIR=\/var\/lib\/ringostat-receiver/m);
    // V8 needs writable executable memory: this option would crash node at start.
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const ignore = read('Dockerfile.dockerignore')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));

  test('is multi-stage on the Node major the project runs on', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toHaveLength(2);
    for (const image of froms) expect(image).toMatch(/^node:20-/);
  });

  test('copies only paths that exist and that its .dockerignore lets into the context', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] ?? '').split(' '),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source))).toBe(true);
      expect(ignore).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^!${source}(/\\*\\*)?$`))]),
      );
    }
  });

  test('runs the built server as a non-root user with DATA_DIR on a volume and a health check on /healthz', () => {
    expect(dockerfile).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/receiver\/server\.js"\]$/m);
    expect(Object.keys(ENTRIES)).toContain('server');
    expect(dockerfile).toMatch(/^USER node$/m);
    const dataDir = /DATA_DIR=(\S+)/.exec(dockerfile)?.[1];
    expect(dockerfile).toContain(`VOLUME ["${dataDir}"]`);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^]*\/healthz/m);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/);
  });
});

describe('nginx in front of the receiver', () => {
  const nginx = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  let dir: string;
  let receiver: IntakeServer;
  let proxy: ChildProcess | undefined;
  let httpsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nginx-'));
    receiver = await startIntakeServer({ ADMIN_TOKEN: 'nginx-admin-token-0123456789' });
    const cert = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=calls.example.com',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    expect(cert.status).toBe(0);
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    // The shipped site, moved to loopback test ports, the test certificate and the test receiver.
    const site = read('nginx/ringostat-receiver.conf')
      .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
      .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
      .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
      .replace(/\/etc\/letsencrypt\/live\/calls\.example\.com\/fullchain\.pem/, join(dir, 'cert.pem'))
      .replace(/\/etc\/letsencrypt\/live\/calls\.example\.com\/privkey\.pem/, join(dir, 'key.pem'))
      .replaceAll('http://127.0.0.1:3000', receiver.base);
    writeFileSync(join(dir, 'site.conf'), site);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\nevents {}\n` +
        `http { access_log ${dir}/access.log; client_body_temp_path ${dir}; proxy_temp_path ${dir}; ` +
        `include ${dir}/site.conf; }\n`,
    );
  });
  afterAll(async () => {
    proxy?.kill('SIGQUIT');
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('nginx -t accepts the site', () => {
    const result = spawnSync(nginx, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('test is successful');
  });

  test('webhooks reach the receiver over HTTPS, plain HTTP redirects, the token stays out of the access log', async () => {
    proxy = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    // Asynchronous: the receiver answers from this very process.
    const curl = (...args: string[]) =>
      new Promise<{ stdout: string }>((resolve, reject) =>
        execFile(
          'curl',
          [
            '--silent',
            '--show-error',
            '--insecure',
            '--retry',
            '20',
            '--retry-connrefused',
            '--retry-delay',
            '0',
            '--max-time',
            '20',
            ...args,
          ],
          (error, stdout) => (error ? reject(error) : resolve({ stdout })),
        ),
      );
    const webhook = await curl(
      '--data',
      'uniqueid=nginx-1&calldate=2026-03-02%2014:05:11&caller=380501234567&dst=380441112233',
      `https://127.0.0.1:${httpsPort}/ringostat/before-call?token=${TOKEN}`,
    );
    expect(JSON.parse(webhook.stdout)).toMatchObject({ status: 'accepted', duplicate: false });
    expect(receiver.inbox.list({ limit: 10 }).map((entry) => entry.callId)).toContain('nginx-1');

    const redirect = await curl(
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code} %{redirect_url}',
      `http://127.0.0.1:${httpPort}/ringostat/after-call?token=x`,
    );
    expect(redirect.stdout).toBe('301 https://127.0.0.1/ringostat/after-call?token=x');
    const other = await curl(
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code}',
      `https://127.0.0.1:${httpsPort}/`,
    );
    expect(other.stdout).toBe('404');
    const health = await curl(`https://127.0.0.1:${httpsPort}/healthz`);
    expect(health.stdout).toContain('ok');
    expect(
      existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : '',
    ).not.toContain(TOKEN);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
