import { ContactFeedError, FEED_FAILURES, type FeedFailure } from './contact-feed';

/**
 * Turns a failed Dataverse answer into a ContactFeedError that says whose fault it is and what helps.
 * Decided by HTTP status, error code and the table's metadata — never by message text, which an org
 * writes in its application user's language.
 *
 * - 429 (service protection, honour `Retry-After` — Microsoft Learn "Service protection API limits"),
 *   408 and 5xx are transient.
 * - 401/403: permanent until someone fixes the credentials or the application user's role.
 * - Any other 4xx on a delta link (ExpiredVersionStamp 0x80044352 "Please perform a full sync", a token
 *   the org no longer knows): do a full sync.
 * - A 4xx on the full read while contact's `ChangeTrackingEnabled` is false (EntityDefinitions, Learn "Use
 *   change tracking to synchronize data with external systems"): the table is not tracked, use the query
 *   lookup until an admin enables it.
 * - Anything else: permanent, with Dataverse's own status, code and message.
 */
export interface FailedAnswer {
  status: number;
  /** Parsed `{"error":{"code","message"}}`, if any. */
  code?: string;
  message?: string;
  retryAfter?: string | null;
}

export function classifyFeedFailure(
  answer: FailedAnswer,
  request: 'full' | 'delta',
  changeTrackingEnabled?: boolean,
): ContactFeedError {
  const { status, code } = answer;
  const message = answer.message ?? `HTTP ${status}`;
  const failure = failureOf(status, request, changeTrackingEnabled);
  const retryAfterMs = retryAfterMsOf(answer.retryAfter);
  const said = `HTTP ${status}${code ? ` ${code}` : ''}: ${message}`;
  const text =
    failure === FEED_FAILURES.changeTrackingUnavailable
      ? `Change tracking is not enabled on contact in Dataverse (${said}); an admin must switch on Track changes for Contact (docs/admin-guide.md)`
      : failure === FEED_FAILURES.deltaTokenExpired
        ? `Dataverse refused the delta link (${said}); a full sync is needed`
        : failure === FEED_FAILURES.transient
          ? `Dataverse is unavailable or throttling (${said}); retrying later helps`
          : `Dataverse refused the contact read (${said}); check the receiver's credentials, the application user's role and DATAVERSE_URL, retrying will not help`;
  return new ContactFeedError(text, failure, status, code, retryAfterMs);
}

function failureOf(
  status: number,
  request: 'full' | 'delta',
  changeTrackingEnabled: boolean | undefined,
): FeedFailure {
  if (status === 429 || status === 408 || status >= 500) return FEED_FAILURES.transient;
  if (status === 401 || status === 403) return FEED_FAILURES.permanent;
  if (request === 'delta' && status >= 400 && status < 500) return FEED_FAILURES.deltaTokenExpired;
  if (request === 'full' && changeTrackingEnabled === false) return FEED_FAILURES.changeTrackingUnavailable;
  return FEED_FAILURES.permanent;
}

function retryAfterMsOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  return undefined;
}

export function networkFailure(error: unknown): ContactFeedError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ContactFeedError(
    `Dataverse could not be reached (${reason}); retrying later helps`,
    FEED_FAILURES.transient,
  );
}
