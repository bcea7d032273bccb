import { ContactFeedError, FEED_FAILURES, type FeedFailure } from './contact-feed';

/**
 * Turns a failed Dataverse answer into a ContactFeedError that says whose fault it is and what helps.
 *
 * - 429 (service protection, honour `Retry-After` — Microsoft Learn "Service protection API limits"),
 *   408 and 5xx are transient.
 * - "Change tracking is not enabled" on a track-changes read: the table is not tracked, use the query
 *   lookup until an admin enables it (Microsoft Learn, "Use change tracking to synchronize data…").
 * - A refused delta link ("Version stamp associated with the client has expired. Please perform a full
 *   sync." — MicrosoftDocs/powerapps-docs#3845; any other 4xx other than auth/throttling on a delta
 *   link is treated the same way): do a full sync.
 * - 401/403 and anything else: permanent until someone fixes the credentials or the URL.
 */
export interface FailedAnswer {
  status: number;
  /** Parsed `{"error":{"code","message"}}`, if any. */
  code?: string;
  message?: string;
  retryAfter?: string | null;
}

const NOT_TRACKED = /change\s*tracking.*(not\s+enabled|disabled|isn't enabled|is not enabled)/i;
const EXPIRED = /(expired|full\s+sync|invalid.*(token|version)|(token|version).*invalid)/i;

export function classifyFeedFailure(answer: FailedAnswer, request: 'full' | 'delta'): ContactFeedError {
  const { status, code } = answer;
  const message = answer.message ?? `HTTP ${status}`;
  const failure = failureOf(answer, request, message);
  const retryAfterMs = retryAfterMsOf(answer.retryAfter);
  const text =
    failure === FEED_FAILURES.changeTrackingUnavailable
      ? `Change tracking is not enabled on contact in Dataverse (${message}); an admin must enable it (see docs/adr/0040-local-phone-directory.md)`
      : failure === FEED_FAILURES.deltaTokenExpired
        ? `Dataverse refused the delta link (${message}); a full sync is needed`
        : failure === FEED_FAILURES.transient
          ? `Dataverse is unavailable or throttling (HTTP ${status}: ${message}); retrying later helps`
          : `Dataverse refused the contact read (HTTP ${status}: ${message}); check the receiver's credentials and DATAVERSE_URL, retrying will not help`;
  return new ContactFeedError(text, failure, status, code, retryAfterMs);
}

function failureOf(answer: FailedAnswer, request: 'full' | 'delta', message: string): FeedFailure {
  const { status } = answer;
  if (status === 429 || status === 408 || status >= 500) return FEED_FAILURES.transient;
  if (NOT_TRACKED.test(message)) return FEED_FAILURES.changeTrackingUnavailable;
  if (status === 401 || status === 403) return FEED_FAILURES.permanent;
  if (request === 'delta' && (EXPIRED.test(message) || (status >= 400 && status < 500)))
    return FEED_FAILURES.deltaTokenExpired;
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
