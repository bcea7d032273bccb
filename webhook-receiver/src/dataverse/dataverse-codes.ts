/**
 * The Dataverse error codes the receiver acts on. Decisions are made on these codes (and HTTP status),
 * never on message text: an org answers in its application user's language, so the same refusal reads
 * "A record with matching key values already exists." in one org and Ukrainian in the next.
 *
 * Sources: Microsoft Learn, developer/data-platform/api-limits ("Service protection API limit errors
 * returned": the hex codes the Web API returns) and the Web service error codes reference
 * (developer/data-platform/reference/web-service-error-codes: DuplicateRecord, DuplicateRecordEntityKey,
 * ExpiredVersionStamp).
 */
export const DATAVERSE_CODES = {
  /** 429: "Number of requests exceeded the limit of 6000 over time window of 300 seconds." */
  requestsExceeded: '0x80072322',
  /** 429: "Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds …" */
  executionTimeExceeded: '0x80072321',
  /** 429: "Number of concurrent requests exceeded the limit of 52." */
  concurrentRequestsExceeded: '0x80072326',
  /** DuplicateRecord: a row with this primary key already exists (SQL integrity violation). */
  duplicateRecord: '0x80040237',
  /** DuplicateRecordEntityKey: another row already holds these alternate-key values. */
  duplicateRecordEntityKey: '0x80060892',
  /** ExpiredVersionStamp: a change-tracking delta token too old to use; read everything again. */
  expiredVersionStamp: '0x80044352',
} as const;

const sameCode = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/**
 * A create refused because the row already exists: its primary key (DuplicateRecord) or its alternate
 * key (DuplicateRecordEntityKey). A 412 without a code is the same answer to a conditional create
 * (perform-conditional-operations-using-web-api: "A record with matching key values already exists.").
 */
export function isDuplicateKey(error: { status?: number | undefined; code?: string | undefined }): boolean {
  return (
    sameCode(error.code, DATAVERSE_CODES.duplicateRecord) ||
    sameCode(error.code, DATAVERSE_CODES.duplicateRecordEntityKey) ||
    (error.status === 412 && !error.code)
  );
}

/** A 429 that refuses every request of the user until Retry-After (the two five-minute budgets). */
export function isBudgetThrottle(error: { status?: number | undefined; code?: string | undefined }): boolean {
  return (
    error.status === 429 &&
    (sameCode(error.code, DATAVERSE_CODES.requestsExceeded) ||
      sameCode(error.code, DATAVERSE_CODES.executionTimeExceeded))
  );
}
