import { readCallsListAnswer } from './calls-list-answer';
import { formatProjectTime } from './project-time';
import { coerceError, isTransientStatus, RingostatApiError, retryAfterMs } from './ringostat-api-error';
import { readStaffAnswer, type StaffMember } from './staff-list';

/**
 * Client for the Ringostat API endpoints the product uses (../../../../shared/notes/ringostat.md §3–§4):
 * POST /minicrm/contacts/sync (headers auth-key + x-project-id), GET /calls/list (Auth-key),
 * POST /callback/outward_call (form) and the staff list (JSON-RPC on /api/json-rpc). Transient failures (5xx, 408, 429, timeouts, network) are retried
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
  /**
   * Fields without which the rows are useless: if Ringostat calls one of them "incorrect", the request
   * fails. Any other field it refuses is dropped and the request sent again without it. Default: all.
   */
  required?: readonly string[];
}

export interface RingostatApi {
  syncContacts(contacts: ContactBookEntry[]): Promise<void>;
  /**
   * Calls with from ≤ calldate ≤ to; an empty period is `[]` however Ringostat writes it. Throws kind
   * 'limit' when Ringostat refuses the period as too large, whether by status or inside a 200.
   */
  listCalls(query: ListCallsQuery): Promise<CallLogRow[]>;
  outwardCall(extension: string, destination: string): Promise<void>;
  /** Every employee of the project (HC 9188142); `[]` when Ringostat says no user exists. */
  listStaff(): Promise<StaffMember[]>;
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
  /** Told what the API said that was accepted but is worth an admin's eye (a dropped field, skipped staff). */
  onNotice?: (message: string) => void;
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
  ): Promise<string> {
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
        if (response.ok) return text;
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
    async listCalls({ from, to, fields, required = fields }) {
      let asked = [...fields];
      for (;;) {
        const query = new URLSearchParams({
          export_type: 'json',
          from: formatProjectTime(from, timeZone),
          to: formatProjectTime(to, timeZone),
          fields: asked.join(','),
          order: 'calldate asc',
        });
        const answer = readCallsListAnswer(
          await call(`/calls/list?${query}`, { method: 'GET', headers: {} }),
        );
        switch (answer.kind) {
          case 'rows':
            return answer.rows;
          case 'empty':
            return [];
          case 'incorrect-field': {
            const field = answer.field;
            if (field && asked.includes(field) && !required.includes(field)) {
              // An account may not offer every call-log field; the call is still worth importing without it.
              options.onNotice?.(`Ringostat /calls/list refused the field "${field}"; asking without it`);
              asked = asked.filter((f) => f !== field);
              continue;
            }
            throw new RingostatApiError(
              'invalid-request',
              '/calls/list',
              `Ringostat refused the field list of /calls/list (HTTP 200 with an error): ${answer.message}`,
              200,
            );
          }
          case 'limit':
            throw new RingostatApiError(
              'limit',
              '/calls/list',
              `Ringostat refused the period as too large: ${answer.message}`,
              200,
            );
          case 'auth':
            throw new RingostatApiError(
              'auth',
              '/calls/list',
              `Ringostat refused the credentials on /calls/list (HTTP 200 with an error): ${answer.message}; check RINGOSTAT_AUTH_KEY and RINGOSTAT_PROJECT_ID`,
              200,
            );
          case 'error':
            throw new RingostatApiError(
              'invalid-request',
              '/calls/list',
              `Ringostat /calls/list answered 200 with an error: ${answer.message}`,
              200,
            );
          case 'unreadable':
            throw new RingostatApiError(
              'unexpected-response',
              '/calls/list',
              `Ringostat /calls/list answered 200 with something that is not a list of calls (${answer.message})`,
              200,
            );
        }
      }
    },
    async outwardCall(extension, destination) {
      await call('/callback/outward_call', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ extension, destination }).toString(),
      });
    },
    async listStaff() {
      const text = await call('/api/json-rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-project-id': String(projectId) },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'getProjectStaffListAndDirections',
          params: { projectId },
        }),
      });
      const answer = readStaffAnswer(parseBody('/api/json-rpc', text));
      if (!answer.ok) {
        if (answer.notFound) return [];
        const kind = /auth|access|forbidden|project/i.test(answer.message) ? 'auth' : 'invalid-request';
        throw new RingostatApiError(
          kind,
          '/api/json-rpc',
          `Ringostat's staff API answered with an error: ${answer.message}`,
          200,
        );
      }
      if (answer.skipped > 0) {
        options.onNotice?.(
          `Ringostat's staff list had ${answer.skipped} entries without a numeric staffId; skipped`,
        );
      }
      return answer.staff;
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
