/**
 * The narrow port through which the phone directory reads contacts from Dataverse: a full read of every
 * contact's phone columns, then change-tracking deltas. One adapter talks to the Web API
 * (web-api-contact-feed.ts); tests use a hand-written fake.
 *
 * Protocol (Microsoft Learn, "Use change tracking to synchronize data with external systems"):
 * a GET with `Prefer: odata.track-changes` returns pages (`@odata.nextLink`) and, on the last page, an
 * `@odata.deltaLink`; GETting that link returns changed rows, then `$deletedEntity` rows, then a new link.
 */

/** The phone columns of contact that the directory reads (all String, FormatName Phone). */
export const CONTACT_PHONE_COLUMNS = [
  'telephone1',
  'telephone2',
  'telephone3',
  'mobilephone',
  'business2',
  'home2',
] as const;

export interface FeedContact {
  contactid: string;
  /** 0 Active, 1 Inactive. */
  statecode: number;
  modifiedon: string;
  ownerid?: string;
  ownerType?: 'systemuser' | 'team';
  /** Raw values of the phone columns that are not empty, exactly as users typed them. */
  phones: string[];
}

export interface FeedPage {
  /** New or changed contacts; each replaces what the directory knew about that contact. */
  contacts: FeedContact[];
  /** Ids of deleted contacts (delta reads only). */
  deleted: string[];
}

export type PageHandler = (page: FeedPage) => void | Promise<void>;

export interface ContactFeed {
  /** Reads every contact, page by page; resolves with the delta link of the last page. */
  fullSync(onPage: PageHandler): Promise<{ deltaLink: string }>;
  /** Reads what changed since `deltaLink`; resolves with the next delta link. */
  delta(deltaLink: string, onPage: PageHandler): Promise<{ deltaLink: string }>;
  /** contact's EntityMetadata.ChangeTrackingEnabled, when the feed can ask. */
  changeTrackingEnabled?(): Promise<boolean>;
}

export const FEED_FAILURES = {
  /** Change tracking is off for contact: the directory cannot be kept fresh, use the query lookup. */
  changeTrackingUnavailable: 'change-tracking-unavailable',
  /** The delta token expired (7 days by default) or is no longer accepted: a full sync is needed. */
  deltaTokenExpired: 'delta-token-expired',
  /** Worth retrying later: 429, 408, 5xx, network. */
  transient: 'transient',
  /** Our fault or the admin's (401/403, bad URL, malformed answer): retrying will not help. */
  permanent: 'permanent',
} as const;
export type FeedFailure = (typeof FEED_FAILURES)[keyof typeof FEED_FAILURES];

export class ContactFeedError extends Error {
  override readonly name = 'ContactFeedError';
  constructor(
    message: string,
    readonly failure: FeedFailure,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get transient(): boolean {
    return this.failure === FEED_FAILURES.transient;
  }
}

export function feedFailureOf(error: unknown): FeedFailure {
  return error instanceof ContactFeedError ? error.failure : FEED_FAILURES.transient;
}
