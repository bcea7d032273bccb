import { types } from 'node:util';
/**
 * A failed Dataverse call, in the terms that decide what happens next: the HTTP `status` (absent for a
 * network failure), Dataverse's OData error `code` (e.g. 0x80072322 "Number of requests exceeded the
 * limit"), its `message`, and `retryAfterMs` when the service said when to come back.
 *
 * Whose fault and whether a retry helps is one pure function, `isTransient`:
 * - 429 service protection (Microsoft Learn, developer/data-platform/api-limits: "wait for the
 *   Retry-After interval, then resend"), 408, 5xx, a 401 (a token that expired in flight) and network
 *   failures (resets, refusals, timeouts) are Dataverse's or the network's moment: retry with backoff.
 * - every other 4xx is the request's fault (a column the org lacks, a bad value, missing privileges):
 *   retrying the same request fails the same way, so the event is dead-lettered with this error.
 */
export class DataverseError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DataverseError';
  }

  /** One line for logs and the inbox's last_error: `Dataverse 400 0x80040217: message`. */
  describe(): string {
    const where = this.status === undefined ? 'network' : String(this.status);
    return `Dataverse ${where}${this.code ? ` ${this.code}` : ''}: ${this.message}`;
  }
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof DataverseError)) return false;
  if (error.status === undefined) return true;
  return error.status === 429 || error.status === 408 || error.status === 401 || error.status >= 500;
}

/**
 * Whatever dynamics-web-api (or the socket under it) threw → DataverseError. The library rejects with
 * an Error carrying `status`, `code`, `message` and response `headers`; a failed $batch rejects with an
 * array of per-part results whose failures are Errors of the same shape. Anything else (a bug in this
 * code) is returned unchanged so it is never mistaken for a Dataverse outage.
 */
export function toDataverseError(thrown: unknown, now: number = Date.now()): unknown {
  if (thrown instanceof DataverseError) return thrown;
  if (Array.isArray(thrown)) {
    const failure = thrown.find((part: unknown) => isError(part));
    return failure
      ? toDataverseError(failure, now)
      : new DataverseError('the $batch failed without a reason', 500);
  }
  if (!isError(thrown)) return thrown;
  const fields = thrown as Error & { status?: unknown; code?: unknown; headers?: unknown; error?: unknown };
  // A failed $batch part arrives with Dataverse's body as `error: {code, message}` (dynamics-web-api
  // copies the parsed part onto the Error), a plain request with code and message on the Error itself.
  const body =
    typeof fields.error === 'object' && fields.error !== null
      ? (fields.error as Record<string, unknown>)
      : {};
  const code =
    typeof fields.code === 'string' ? fields.code : typeof body.code === 'string' ? body.code : undefined;
  if (typeof fields.status === 'number') {
    const retryAfterMs = parseRetryAfter(header(fields.headers, 'retry-after'), now);
    const message = thrown.message || (typeof body.message === 'string' ? body.message : '') || 'no message';
    return new DataverseError(message, fields.status, code || undefined, retryAfterMs);
  }
  if (code && (TRANSIENT_NETWORK_CODES.has(code) || /^E[A-Z]+$/.test(code))) {
    return new DataverseError(`${thrown.message} (${code})`, undefined, code);
  }
  if (/socket hang up|timed? ?out|aborted/i.test(thrown.message)) {
    return new DataverseError(thrown.message, undefined, code);
  }
  return thrown;
}

/**
 * `instanceof Error` fails for errors made in another realm (a socket error raised by Node's core while
 * the code runs inside a jest VM context), so native errors are recognised by their internal type too.
 */
function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** Retry-After is delta-seconds (what Dataverse sends) or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.map(String)[0];
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}
