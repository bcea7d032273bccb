import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRequestBudget } from './dataverse/request-budget';
import { coerceError, ConfigError } from './errors';
import { LOG_FORMATS, type LogFormat } from './log-destination';
import { isKnownTimeZone } from './ringostat/parse-call-date';
import type { InboxEventName } from './ringostat/inbox-payload';
import { WEBHOOK_EVENTS } from './ringostat/ringostat-event';

/**
 * The receiver's configuration, read from the environment once at boot (DESIGN.md §6). `loadConfig` is
 * pure: it takes the environment as an argument and reports every problem at once in a ConfigError.
 * No DATAVERSE_URL ⇒ demo mode.
 */

export interface DataverseConfig {
  url: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** A static bearer token (the emulator, or a short manual test) instead of client credentials. */
  staticToken?: string;
  /**
   * Dataverse requests in flight at once, across the worker, the phone directory and the contact-book
   * reads (DATAVERSE_MAX_CONCURRENT_REQUESTS, default 52: what Dataverse allows per user — docs/adr/0073).
   */
  maxConcurrentRequests?: number;
  /**
   * Dataverse requests per sliding window the receiver paces itself to (DATAVERSE_REQUEST_BUDGET,
   * `<requests>/<seconds>`, e.g. 6000/300 — docs/adr/0092). Unset: no limit until a 429 for the number
   * of requests teaches the receiver what the org allows in its 300-second window.
   */
  requestBudget?: { limit: number; windowMs: number };
}

export interface Config {
  demo: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Current webhook token; in demo mode it may be absent until `withDemoToken` fills it in. */
  webhookToken?: string;
  /** The token being rotated out, still accepted (docs/adr/0003-token-in-url-with-rotation.md). */
  webhookTokenPrevious?: string;
  adminToken?: string;
  dataverse?: DataverseConfig;
  ringostatAuthKey?: string;
  ringostatProjectId?: string;
  /** Smart CRM app (appmodule) id added to contact links sent to Ringostat Smart Phone (DATAVERSE_APP_ID). */
  dataverseAppId?: string;
  /** IANA zone for webhook dates without an offset. */
  timeZone: string;
  logLevel: string;
  /** LOG_FORMAT: `auto` (pretty on a terminal, JSON lines otherwise), `pretty` or `json`. */
  logFormat: LogFormat;
  /** Base URL printed in the webhook URLs (what Ringostat reaches), e.g. https://calls.example.com. */
  publicUrl?: string;
  bodyLimitBytes: number;
  inboxRetentionDays: number;
  /**
   * Events the worker has in hand at once (WORKER_CONCURRENCY). How many Dataverse requests run at once
   * is the request limiter's business (DATAVERSE_MAX_CONCURRENT_REQUESTS); events in hand beyond that
   * wait for a phone-directory refresh or a free request slot (docs/adr/0073).
   */
  workerConcurrency: number;
  /** `RINGO_<NAME>` overrides of the solution's environment variables, keyed by schema name. */
  ringoOverrides: Record<string, string>;
  /** Hardening against outside callers (docs/security.md, docs/adr/0081-timeouts-and-connection-cap.md). */
  http: HttpLimits;
  /** Rejected requests (400/413) are deleted after this many days (REJECTED_RETENTION_DAYS). */
  rejectedRetentionDays: number;
  /**
   * How long a /ringostat/forwarding answer may take before it becomes "no redirect"
   * (FORWARDING_DEADLINE_MS, default 500; keep it under the timeout set in Ringostat — docs/adr/0134).
   */
  forwardingDeadlineMs: number;
}

export interface HttpLimits {
  /** Whole request — headers and body — must arrive within this (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (CONNECTION_TIMEOUT_MS). */
  connectionTimeoutMs: number;
  /** Connections open at once; more are refused at accept (MAX_CONNECTIONS). */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  maxConnections: 1_000,
};

/** Solution environment variables an operator may override as RINGO_<NAME> (DESIGN.md §4, §6). */
const RINGO_VARIABLES = [
  'ringo_DefaultOwnerId',
  'ringo_DefaultCountry',
  'ringo_ReceiverUrl',
  'ringo_MissedCallMode',
  'ringo_CallbackDueHours',
  'ringo_Language',
  // Forwarding to the responsible manager (docs/adr/0131).
  'ringo_ForwardingEnabled',
  'ringo_ForwardingHours',
  'ringo_ForwardingAmbiguous',
  'ringo_ForwardingExtensions',
] as const;
export const DEFAULT_WORKER_CONCURRENCY = 200;
/** Dataverse allows "52 or higher" concurrent requests per user (Microsoft Learn, "Service protection API limits"). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 52;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEMO_TOKEN_FILE = 'webhook-token';
export const DEMO_ADMIN_TOKEN_FILE = 'admin-token';

export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
      return fallback;
    }
    return n;
  };

  const dataverseUrl = get('DATAVERSE_URL');
  const demo = dataverseUrl === undefined;
  const config: Config = {
    demo,
    port: integer('PORT', 3000, 0, 65535),
    host: get('HOST') ?? '0.0.0.0',
    dataDir: resolve(get('DATA_DIR') ?? './.data'),
    timeZone: get('RINGOSTAT_TIMEZONE') ?? 'Europe/Kyiv',
    logLevel: (get('LOG_LEVEL') ?? 'info').toLowerCase(),
    logFormat: (get('LOG_FORMAT') ?? 'auto').toLowerCase() as LogFormat,
    bodyLimitBytes: byteSize(get('WEBHOOK_BODY_LIMIT_BYTES'), problems),
    inboxRetentionDays: integer('INBOX_RETENTION_DAYS', 30, 1, 3650),
    workerConcurrency: integer('WORKER_CONCURRENCY', DEFAULT_WORKER_CONCURRENCY, 1, 1000),
    ringoOverrides: ringoOverrides(env, problems),
    http: {
      requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs, 1_000, 600_000),
      connectionTimeoutMs: integer(
        'CONNECTION_TIMEOUT_MS',
        DEFAULT_HTTP_LIMITS.connectionTimeoutMs,
        1_000,
        3_600_000,
      ),
      maxConnections: integer('MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections, 1, 100_000),
    },
    rejectedRetentionDays: integer('REJECTED_RETENTION_DAYS', 30, 1, 3650),
    forwardingDeadlineMs: integer('FORWARDING_DEADLINE_MS', 500, 50, 10_000),
  };
  const optional = {
    webhookToken: get('RINGOSTAT_WEBHOOK_TOKEN'),
    webhookTokenPrevious: get('RINGOSTAT_WEBHOOK_TOKEN_PREVIOUS'),
    adminToken: get('ADMIN_TOKEN'),
    ringostatAuthKey: get('RINGOSTAT_AUTH_KEY'),
    ringostatProjectId: get('RINGOSTAT_PROJECT_ID'),
    dataverseAppId: get('DATAVERSE_APP_ID'),
    publicUrl: get('PUBLIC_URL')?.replace(/\/+$/, ''),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (config as unknown as Record<string, string>)[key] = value;
  }

  if (!isKnownTimeZone(config.timeZone)) {
    problems.push(`RINGOSTAT_TIMEZONE "${config.timeZone}" is not an IANA time zone (e.g. Europe/Kyiv)`);
  }
  if (!LOG_LEVELS.includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${config.logLevel}"`);
  }
  if (!LOG_FORMATS.includes(config.logFormat)) {
    problems.push(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, got "${config.logFormat}"`);
  }
  if (config.publicUrl !== undefined && !isHttpUrl(config.publicUrl)) {
    problems.push(
      `PUBLIC_URL must be an http(s) URL such as https://calls.example.com, got "${config.publicUrl}"`,
    );
  }
  if (config.webhookToken?.includes(' ') || config.webhookTokenPrevious?.includes(' ')) {
    problems.push('RINGOSTAT_WEBHOOK_TOKEN(_PREVIOUS) must not contain spaces (it goes into a URL)');
  }

  if (dataverseUrl !== undefined) {
    config.dataverse = dataverseConfig(dataverseUrl, get, problems);
    config.dataverse.maxConcurrentRequests = integer(
      'DATAVERSE_MAX_CONCURRENT_REQUESTS',
      DEFAULT_MAX_CONCURRENT_REQUESTS,
      1,
      500,
    );
    const budgetText = get('DATAVERSE_REQUEST_BUDGET');
    const budget = budgetText === undefined ? undefined : parseRequestBudget(budgetText);
    if (typeof budget === 'string') problems.push(`DATAVERSE_REQUEST_BUDGET: ${budget}`);
    else if (budget) config.dataverse.requestBudget = budget;
    if (config.webhookToken === undefined) {
      problems.push(
        'RINGOSTAT_WEBHOOK_TOKEN is required when DATAVERSE_URL is set: without it anyone who finds the URL ' +
          'could log calls. Generate one (e.g. `openssl rand -hex 24`) and add ?token=<it> to the three ' +
          'webhook URLs in Ringostat',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function dataverseConfig(
  url: string,
  get: (name: string) => string | undefined,
  problems: string[],
): DataverseConfig {
  if (!isHttpUrl(url))
    problems.push(`DATAVERSE_URL must be an http(s) URL such as https://org.crm4.dynamics.com`);
  const dataverse: DataverseConfig = { url: url.replace(/\/+$/, '') };
  const credentials = {
    tenantId: 'AZURE_TENANT_ID',
    clientId: 'AZURE_CLIENT_ID',
    clientSecret: 'AZURE_CLIENT_SECRET',
  };
  for (const [key, name] of Object.entries(credentials)) {
    const value = get(name);
    if (value !== undefined) dataverse[key as keyof typeof credentials] = value;
  }
  const staticToken = get('DATAVERSE_TOKEN');
  if (staticToken !== undefined) dataverse.staticToken = staticToken;
  const missing = Object.entries(credentials).filter(
    ([key]) => dataverse[key as keyof typeof credentials] === undefined,
  );
  if (staticToken === undefined && missing.length > 0) {
    problems.push(
      `DATAVERSE_URL is set, so the receiver needs credentials: set ${missing.map(([, n]) => n).join(', ')} ` +
        '(an app registration with a Dataverse application user) or DATAVERSE_TOKEN (a bearer token)',
    );
  }
  return dataverse;
}

function ringoOverrides(env: Record<string, string | undefined>, problems: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('RINGO_') || value === undefined || value.trim() === '') continue;
    const schemaName = RINGO_VARIABLES.find((v) => v.toUpperCase() === name);
    if (schemaName) overrides[schemaName] = value.trim();
    else
      problems.push(
        `${name} overrides no known setting; known: ${RINGO_VARIABLES.map((v) => v.toUpperCase()).join(', ')}`,
      );
  }
  return overrides;
}

function byteSize(text: string | undefined, problems: string[]): number {
  if (text === undefined) return 1_048_576;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(text);
  const n = match
    ? Number(match[1]) * ({ b: 1, kb: 1024, mb: 1_048_576 }[match[2]?.toLowerCase() ?? 'b'] ?? 1)
    : NaN;
  if (!Number.isInteger(n) || n < 1024 || n > 64 * 1_048_576) {
    problems.push(
      `WEBHOOK_BODY_LIMIT_BYTES must be between 1kb and 64mb (e.g. 1048576 or 1mb), got "${text}"`,
    );
    return 1_048_576;
  }
  return n;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Demo mode needs a token too, and the URLs pasted into Ringostat should survive restarts: the first
 * start generates one and keeps it in DATA_DIR/webhook-token (mode 0600). A configured token wins.
 */
export function withDemoToken(config: Config): Config {
  if (config.webhookToken !== undefined) return config;
  return {
    ...config,
    webhookToken: demoToken(config, DEMO_TOKEN_FILE, 'webhook', 'RINGOSTAT_WEBHOOK_TOKEN'),
  };
}

/**
 * Demo mode turns the admin API on too (rejected and dead webhooks can be looked at without a restart):
 * an admin token generated once and kept in DATA_DIR/admin-token (mode 0600). A configured ADMIN_TOKEN
 * wins. Outside demo mode the admin API stays off until ADMIN_TOKEN is set.
 */
export function withDemoAdminToken(config: Config): Config {
  if (config.adminToken !== undefined) return config;
  return { ...config, adminToken: demoToken(config, DEMO_ADMIN_TOKEN_FILE, 'admin', 'ADMIN_TOKEN') };
}

function demoToken(config: Config, name: string, what: string, variable: string): string {
  const file = join(config.dataDir, name);
  try {
    return readOrCreateToken(config.dataDir, file);
  } catch (thrown) {
    throw new ConfigError([
      `the demo ${what} token cannot be kept in ${file} (${coerceError(thrown).message}); check that DATA_DIR ` +
        `exists, is writable by this user and has free space, or set ${variable}`,
    ]);
  }
}

function readOrCreateToken(dataDir: string, file: string): string {
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** The URLs an admin pastes into Ringostat → Integration → Webhooks 2.0: three call events and the AI event. */
export function webhookUrls(baseUrl: string, token: string): Record<InboxEventName, string> {
  const base = baseUrl.replace(/\/+$/, '');
  const query = `?token=${encodeURIComponent(token)}`;
  return Object.fromEntries(
    [...WEBHOOK_EVENTS, 'call-ai'].map((e) => [e, `${base}/ringostat/${e}${query}`]),
  ) as Record<InboxEventName, string>;
}

/** Where the receiver is reached: PUBLIC_URL, else this host and port. */
export function publicBaseUrl(
  config: Pick<Config, 'publicUrl' | 'host' | 'port'>,
  port = config.port,
): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
