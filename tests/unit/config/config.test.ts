import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadConfig,
  publicBaseUrl,
  webhookUrls,
  withDemoAdminToken,
  withDemoToken,
} from '../../../webhook-receiver/src/config';
import { ConfigError } from '../../../webhook-receiver/src/errors';

const live = {
  DATAVERSE_URL: 'https://contoso.crm4.dynamics.com/',
  RINGOSTAT_WEBHOOK_TOKEN: 'tok-1234567890abcdef',
  DATAVERSE_TOKEN: 'bearer',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('an empty environment is demo mode with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      demo: true,
      port: 3000,
      host: '0.0.0.0',
      timeZone: 'Europe/Kyiv',
      logLevel: 'info',
      bodyLimitBytes: 1_048_576,
      inboxRetentionDays: 30,
      workerConcurrency: 200,
      ringoOverrides: {},
    });
    expect(config.dataDir).toBe(join(process.cwd(), '.data'));
    expect(config).not.toHaveProperty('webhookToken');
    expect(config).not.toHaveProperty('dataverse');
  });

  test('DATAVERSE_URL switches to live mode and reads every documented variable', () => {
    const config = loadConfig({
      ...live,
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/ringostat',
      RINGOSTAT_WEBHOOK_TOKEN_PREVIOUS: 'old-token',
      ADMIN_TOKEN: 'admin',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      RINGOSTAT_AUTH_KEY: 'k',
      RINGOSTAT_PROJECT_ID: '42',
      RINGOSTAT_TIMEZONE: 'Europe/Warsaw',
      LOG_LEVEL: 'DEBUG',
      PUBLIC_URL: 'https://calls.example.com/',
      WEBHOOK_BODY_LIMIT_BYTES: '512kb',
      INBOX_RETENTION_DAYS: '7',
      WORKER_CONCURRENCY: '24',
      DATAVERSE_MAX_CONCURRENT_REQUESTS: '30',
      DATAVERSE_APP_ID: 'app-1',
      RINGO_DEFAULTOWNERID: '00000000-0000-0000-0000-000000000001',
    });
    expect(config).toMatchObject({
      demo: false,
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/ringostat',
      webhookToken: live.RINGOSTAT_WEBHOOK_TOKEN,
      webhookTokenPrevious: 'old-token',
      adminToken: 'admin',
      dataverse: {
        url: 'https://contoso.crm4.dynamics.com',
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        staticToken: 'bearer',
        maxConcurrentRequests: 30,
      },
      ringostatAuthKey: 'k',
      ringostatProjectId: '42',
      timeZone: 'Europe/Warsaw',
      logLevel: 'debug',
      publicUrl: 'https://calls.example.com',
      bodyLimitBytes: 512 * 1024,
      inboxRetentionDays: 7,
      workerConcurrency: 24,
      dataverseAppId: 'app-1',
      ringoOverrides: { ringo_DefaultOwnerId: '00000000-0000-0000-0000-000000000001' },
    });
  });

  test('Dataverse requests at once default to the 52 Dataverse allows per user, and must be a sane number', () => {
    expect(loadConfig(live).dataverse?.maxConcurrentRequests).toBe(52);
    expect(problemsOf({ ...live, DATAVERSE_MAX_CONCURRENT_REQUESTS: '0' })).toEqual([
      'DATAVERSE_MAX_CONCURRENT_REQUESTS must be a whole number from 1 to 500, got "0"',
    ]);
  });

  test('the request budget is learned unless set, and reads <requests>/<seconds>', () => {
    expect(loadConfig(live).dataverse?.requestBudget).toBeUndefined();
    expect(loadConfig({ ...live, DATAVERSE_REQUEST_BUDGET: '3000/300' }).dataverse?.requestBudget).toEqual({
      limit: 3000,
      windowMs: 300_000,
    });
    expect(problemsOf({ ...live, DATAVERSE_REQUEST_BUDGET: '6000' })).toEqual([
      expect.stringMatching(/^DATAVERSE_REQUEST_BUDGET: "6000" is not <requests>\/<seconds>/),
    ]);
  });

  test('outside demo mode the receiver refuses to start without a webhook token', () => {
    const { RINGOSTAT_WEBHOOK_TOKEN: _t, ...noToken } = live;
    expect(problemsOf(noToken)).toEqual([expect.stringMatching(/^RINGOSTAT_WEBHOOK_TOKEN is required/)]);
  });

  test('outside demo mode Dataverse credentials are required, naming the missing ones', () => {
    const { DATAVERSE_TOKEN: _t, ...noAuth } = live;
    expect(problemsOf({ ...noAuth, AZURE_TENANT_ID: 't' })).toEqual([
      expect.stringContaining('set AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'),
    ]);
  });

  test('every bad value is reported at once, each naming its variable', () => {
    const found = problemsOf({
      PORT: 'eighty',
      RINGOSTAT_TIMEZONE: 'Europe/Kyyiv',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'calls.example.com',
      WEBHOOK_BODY_LIMIT_BYTES: '10gb',
      INBOX_RETENTION_DAYS: '0',
      WORKER_CONCURRENCY: '5000',
      RINGO_COLOUR: 'blue',
    });
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual([
      'INBOX_RETENTION_DAYS',
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
      'RINGOSTAT_TIMEZONE',
      'RINGO_COLOUR',
      'WEBHOOK_BODY_LIMIT_BYTES',
      'WORKER_CONCURRENCY',
    ]);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/configuration is invalid:\n {2}- PORT must be/);
  });
});

describe('demo token', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is generated once, kept in DATA_DIR with owner-only access, and reused on the next start', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'data') });
    const first = withDemoToken(config);
    expect(first.webhookToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const file = join(dir, 'data', 'webhook-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.webhookToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(withDemoToken(loadConfig({ DATA_DIR: join(dir, 'data') })).webhookToken).toBe(first.webhookToken);
  });

  test('a DATA_DIR that is not a directory is a configuration error naming it', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    expect(() => withDemoToken(loadConfig({ DATA_DIR: file }))).toThrow(ConfigError);
    expect(() => withDemoToken(loadConfig({ DATA_DIR: file }))).toThrow(
      /check that DATA_DIR exists, is writable/,
    );
  });

  test('demo mode also generates an admin token once, 0600, beside the webhook token', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'data') });
    const first = withDemoAdminToken(withDemoToken(config));
    expect(first.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.adminToken).not.toBe(first.webhookToken);
    const file = join(dir, 'data', 'admin-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(withDemoAdminToken(loadConfig({ DATA_DIR: join(dir, 'data') })).adminToken).toBe(first.adminToken);
    expect(withDemoAdminToken(loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'mine-456' })).adminToken).toBe(
      'mine-456',
    );
  });

  test('a configured token wins and nothing is written', () => {
    const config = withDemoToken(loadConfig({ DATA_DIR: dir, RINGOSTAT_WEBHOOK_TOKEN: 'mine-123' }));
    expect(config.webhookToken).toBe('mine-123');
    expect(() => statSync(join(dir, 'webhook-token'))).toThrow();
  });
});

describe('LOG_FORMAT', () => {
  test('defaults to auto and accepts pretty and json in any case', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'JSON' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  test('anything else is a configuration problem naming the choices', () => {
    expect(problemsOf({ LOG_FORMAT: 'yaml' })).toEqual([
      'LOG_FORMAT must be one of auto, pretty, json, got "yaml"',
    ]);
  });
});

describe('webhook URLs', () => {
  test('the URLs of the three call events and the AI event carry the token, URL-encoded', () => {
    expect(webhookUrls('https://calls.example.com/', 'a+b/c')).toEqual({
      'before-call': 'https://calls.example.com/ringostat/before-call?token=a%2Bb%2Fc',
      'after-call': 'https://calls.example.com/ringostat/after-call?token=a%2Bb%2Fc',
      'after-outgoing-call': 'https://calls.example.com/ringostat/after-outgoing-call?token=a%2Bb%2Fc',
      'call-ai': 'https://calls.example.com/ringostat/call-ai?token=a%2Bb%2Fc',
    });
  });

  test('the base URL is PUBLIC_URL, else this host and port (localhost for a wildcard host)', () => {
    expect(publicBaseUrl({ publicUrl: 'https://x.example', host: '0.0.0.0', port: 3000 })).toBe(
      'https://x.example',
    );
    expect(publicBaseUrl({ host: '0.0.0.0', port: 3000 })).toBe('http://localhost:3000');
    expect(publicBaseUrl({ host: '127.0.0.1', port: 3000 }, 4123)).toBe('http://127.0.0.1:4123');
  });
});
