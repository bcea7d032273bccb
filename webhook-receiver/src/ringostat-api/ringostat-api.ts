import { formatProjectTime } from './project-time';
import { coerceError, isTransientStatus, RingostatApiError, retryAfterMs } from './ringostat-api-error';

/**
 * Client for the three Ringostat API endpoints the product uses (../../../../shared/notes/ringostat.md §3–§4):
 * POST /minicrm/contacts/sync (headers auth-key + x-project-id), GET /calls/list (Auth-key) and
 * POST /callback/outward_call (form). Transient failures (5xx, 408, 429, timeouts, network) are retried
 * with exponential backoff honouring Retry-After; everything else fails at once with a RingostatApiError
 * that says what to fix. `fetch` and `sleep` are injected, so nothing here reads the clock or env.
 */

export interface ContactDirection {
  type: 'phone' | 'email';
  name: string;
  value: string;
}

/** One contact of the Smart Phone contact book, as /minicrm/contacts/sync takes it (HC 9221318). */
export interface ContactBookEntry {
  projectId: number;
  fullName: string;
  origin: string;
  externalId: string | null;
  leadId: string | null;
  responsible: string;
  staffId: string | null;
  contactLink: string | null;
  leadLink: string | null;
  dealLink: string | null;
  googleClientId: string | null;
  contactDirections: ContactDirection[];
  organizations: null;
}

/** One /calls/list row: call-log field code → value, types as loose as Ringostat sends them. */
export type CallLogRow = Record<string, unknown>;

export interface ListCallsQuery {
  from: Date;
  to: Date;
  fields: readonly string[];
}

export interface RingostatApi {
  syncContacts(contacts: ContactBookEntry[]): Promise<void>;
  /** Calls with from ≤ calldate ≤ to. Throws kind 'limit' when Ringostat refuses the period as too large. */
  listCalls(query: ListCallsQuery): Promise<CallLogRow[]>;
  outwardCall(extension: string, destination: string): Promise<void>;
}

export interface RingostatApiOptions {
  baseUrl?: string;
  authKey: string;
  projectId: number | string;
  /** Zone of the API's wall-clock from/to (RINGOSTAT_TIMEZONE). Default Europe/Kyiv. */
  timeZone?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per request, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff; doubles per retry, capped at maxDelayMs. Default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
}

export const RINGOSTAT_API_URL = 'https://api.ringostat.net';

export function createRingostatApi(options: RingostatApiOptions): RingostatApi {
  if (!options.authKey) {
    throw new RingostatApiError(
      'auth',
      'config',
      'RINGOSTAT_AUTH_KEY is empty: copy the Auth-key from Ringostat (Integration → API)',
    );
  }
  const base = (options.baseUrl ?? RINGOSTAT_API_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeZone = options.timeZone ?? 'Europe/Kyiv';
  const projectId = Number(options.projectId);

  async function call(
    endpoint: string,
    init: RequestInit & { headers: Record<string, string> },
  ): Promise<unknown> {
    const headers = { 'auth-key': options.authKey, ...init.headers };
    for (let attempt = 1; ; attempt++) {
      let failure: RingostatApiError;
      let wait = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
      try {
        const response = await doFetch(`${base}${endpoint}`, {
          ...init,
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        if (response.ok) return parseBody(endpoint, text);
        failure = statusError(endpoint, response.status, text);
        const after = retryAfterMs(response.headers.get('retry-after'), Date.now());
        if (after !== undefined) wait = Math.min(maxDelay, Math.max(wait, after));
      } catch (error) {
        const e = coerceError(error);
        const what = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.message;
        failure = new RingostatApiError(
          'unavailable',
          endpoint,
          `Ringostat API ${endpoint} unreachable: ${what}`,
        );
      }
      if (!failure.retryable || attempt >= maxAttempts) {
        if (failure.retryable)
          failure.message += ` (gave up after ${attempt} attempts; a later retry may succeed)`;
        throw failure;
      }
      await sleep(wait);
    }
  }

  return {
    async syncContacts(contacts) {
      if (contacts.length === 0) return;
      await call('/minicrm/contacts/sync', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-project-id': String(projectId) },
        body: JSON.stringify({ contacts }),
      });
    },
    async listCalls({ from, to, fields }) {
      const query = new URLSearchParams({
        export_type: 'json',
        from: formatProjectTime(from, timeZone),
        to: formatProjectTime(to, timeZone),
        fields: fields.join(','),
        order: 'calldate asc',
      });
      const body = await call(`/calls/list?${query}`, { method: 'GET', headers: {} });
      const rows = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
      if (!Array.isArray(rows)) {
        throw new RingostatApiError(
          'unexpected-response',
          '/calls/list',
          'Ringostat /calls/list did not return a JSON array of calls',
        );
      }
      return rows as CallLogRow[];
    },
    async outwardCall(extension, destination) {
      await call('/callback/outward_call', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ extension, destination }).toString(),
      });
    },
  };
}

function parseBody(endpoint: string, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RingostatApiError(
      'unexpected-response',
      endpoint,
      `Ringostat ${endpoint} answered 2xx with a body that is not JSON`,
    );
  }
}

function statusError(endpoint: string, status: number, text: string): RingostatApiError {
  const path = endpoint.split('?')[0] ?? endpoint;
  const detail = text.slice(0, 300);
  if (status === 401 || status === 403) {
    return new RingostatApiError(
      'auth',
      path,
      `Ringostat refused the credentials (HTTP ${status}) on ${path}: check RINGOSTAT_AUTH_KEY and RINGOSTAT_PROJECT_ID`,
      status,
    );
  }
  if (isTransientStatus(status)) {
    return new RingostatApiError(
      'unavailable',
      path,
      `Ringostat API ${path} failed with HTTP ${status}: ${detail}`,
      status,
    );
  }
  if (/too_many_calls|more than \d+ calls/i.test(text)) {
    return new RingostatApiError(
      'limit',
      path,
      `Ringostat refused the period as too large (HTTP ${status}): ${detail}`,
      status,
    );
  }
  return new RingostatApiError(
    'invalid-request',
    path,
    `Ringostat refused the request to ${path} (HTTP ${status}): ${detail}`,
    status,
  );
}
