import type { InboxEventName, InboxPayload } from '../ringostat/inbox-payload';

/**
 * The durable inbox: every accepted webhook is a row before Ringostat gets its 200.
 *
 *   pending ──claim──▶ processing ──complete──▶ done
 *      ▲                  │  │
 *      └──retryLater──────┘  └──deadLetter──▶ dead ──requeue (admin retry)──▶ pending
 *   processing with an expired lease is claimable again (a crashed worker's events are reclaimed).
 *
 * Rejected requests (400/413) never enter this state machine: they are kept in their own table.
 */
export const INBOX_STATUSES = ['pending', 'processing', 'done', 'dead'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export interface RawRequest {
  method: string;
  /** Path plus query string with the token removed. */
  url: string;
  /** Request headers, lower-case names, anything secret removed. */
  headers: Record<string, string>;
  /** The body exactly as received (may be empty). */
  body: string;
}

export interface InboxEntry {
  id: number;
  event: InboxEventName;
  callId: string;
  status: InboxStatus;
  payload: InboxPayload;
  raw: RawRequest;
  receivedAt: Date;
  /** How many times the entry was claimed; a claim whose lease ran out counts. An admin requeue resets it to 0. */
  attempts: number;
  /** When a pending entry may next be claimed. */
  runAt: Date;
  /** Lease end of a processing entry. */
  lockedUntil?: Date;
  lastError?: string;
  /** What processing produced (e.g. "phonecall <guid> created"), set on completion. */
  outcome?: string;
  updatedAt: Date;
}

export interface AcceptInput {
  payload: InboxPayload;
  raw: RawRequest;
  receivedAt: Date;
}

export interface AcceptResult {
  id: number;
  /** True when (event, callId) was already in the inbox: nothing was added. */
  duplicate: boolean;
}

export interface RejectInput {
  event: string;
  /** HTTP status the request got (400, 413). */
  status: number;
  reason: string;
  raw: RawRequest;
  receivedAt: Date;
}

export interface RejectedEntry extends RejectInput {
  id: number;
}

export interface InboxStats {
  pending: number;
  processing: number;
  done: number;
  dead: number;
  rejected: number;
  /** Age in seconds of the oldest pending entry, or null when none is pending. */
  oldestPendingAgeSeconds: number | null;
}

export interface Inbox {
  /** Commits the event (or finds it already there). Returns only after the row is durable. */
  accept(input: AcceptInput): AcceptResult;
  /** Keeps a rejected request with its reason. */
  reject(input: RejectInput): number;
  /** Moves up to `limit` due pending (or lease-expired processing) entries to processing, oldest first. */
  claim(opts: { limit: number; now: Date; leaseMs: number }): InboxEntry[];
  /** Extends the lease of a processing entry. */
  extendLease(id: number, opts: { now: Date; leaseMs: number }): void;
  complete(id: number, opts: { now: Date; outcome: string }): void;
  retryLater(id: number, opts: { now: Date; runAt: Date; error: string }): void;
  deadLetter(id: number, opts: { now: Date; error: string }): void;
  /** Admin retry: a dead entry goes back to pending. False when the entry is not dead. */
  requeue(id: number, now: Date): boolean;
  get(id: number): InboxEntry | undefined;
  /** The entry of one event of one call (the inbox holds at most one), in any state. */
  findEvent(event: InboxEventName, callId: string): InboxEntry | undefined;
  list(opts: { status?: InboxStatus; limit?: number; beforeId?: number }): InboxEntry[];
  listRejected(opts: { limit?: number; beforeId?: number }): RejectedEntry[];
  stats(now: Date): InboxStats;
  /** Retention: deletes done entries last updated before `olderThan`. Returns the count. */
  purgeDone(olderThan: Date): number;
  /** Retention: deletes rejected requests received before `olderThan`. Returns the count. */
  purgeRejected(olderThan: Date): number;
  close(): void;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * What the worker needs of the inbox. SqliteInbox answers at once; the receiver's writer thread
 * (writer-thread.ts) answers once the step is committed, off the event loop.
 */
export interface WorkerInbox {
  claim(opts: { limit: number; now: Date; leaseMs: number }): MaybePromise<InboxEntry[]>;
  extendLease(id: number, opts: { now: Date; leaseMs: number }): MaybePromise<void>;
  complete(id: number, opts: { now: Date; outcome: string }): MaybePromise<void>;
  retryLater(id: number, opts: { now: Date; runAt: Date; error: string }): MaybePromise<void>;
  deadLetter(id: number, opts: { now: Date; error: string }): MaybePromise<void>;
}
