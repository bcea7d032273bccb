/**
 * Errors from the Ringostat API, saying whose fault it is and whether a retry helps:
 * - `auth`: the key or project id is wrong (permanent; the admin fixes RINGOSTAT_AUTH_KEY / RINGOSTAT_PROJECT_ID);
 * - `limit`: /calls/list refused a period with more than 6,500 calls (permanent for that period; split it);
 * - `invalid-request`: Ringostat refused what we sent (permanent; a product bug or bad data);
 * - `unavailable`: 5xx, 408, 429, timeout or network failure (transient; retried with backoff first);
 * - `unexpected-response`: a 2xx whose body we cannot read (permanent until the API contract is checked).
 */
export const RINGOSTAT_ERROR_KINDS = [
  'auth',
  'limit',
  'invalid-request',
  'unavailable',
  'unexpected-response',
] as const;
export type RingostatErrorKind = (typeof RINGOSTAT_ERROR_KINDS)[number];

export class RingostatApiError extends Error {
  override readonly name = 'RingostatApiError';
  readonly kind: RingostatErrorKind;
  readonly status: number | undefined;
  readonly endpoint: string;
  /** True when trying again later may succeed. */
  readonly retryable: boolean;

  constructor(kind: RingostatErrorKind, endpoint: string, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.endpoint = endpoint;
    this.status = status;
    this.retryable = kind === 'unavailable';
  }
}

/** 408, 429 and 5xx are worth retrying; other 4xx are our fault or the key's. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Seconds or an HTTP date in Retry-After → milliseconds (undefined when absent or unreadable). */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Every `catch` starts here: whatever was thrown becomes an Error (one rule for the whole receiver). */
export { coerceError } from '../errors';
