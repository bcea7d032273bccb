import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { ContactCandidate, ContactDirectory } from '../domain/contact-directory';
import { FEED_FAILURES, feedFailureOf, type ContactFeed, type FeedContact } from './contact-feed';
import { extractPhoneNumbers } from './extract-phone-numbers';
import { createDirectoryMetrics } from './directory-metrics';
import { rankCandidates } from './rank-candidates';
import { createRefreshGate } from './refresh-gate';
import { createSqlitePhoneStore, type AmbiguousNumber, type StoredContact } from './sqlite-phone-store';

/**
 * The local phone directory: every contact's phone columns, normalised to E.164, in SQLite under DATA_DIR.
 * Built by a full read of contact and kept fresh by change tracking (docs/adr/0040-local-phone-directory.md):
 * on a timer, and on demand when a lookup finds nothing — right before the receiver would create a contact,
 * so a contact a user typed in a moment ago is still found. A known number costs no Dataverse request;
 * an unknown one at most one delta read, shared by every caller waiting at the same time.
 */
export interface DirectoryLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PhoneDirectoryOptions {
  /** SQLite file, e.g. join(DATA_DIR, 'phone-directory.sqlite'). */
  file: string;
  feed: ContactFeed;
  defaultCountry: string;
  clock: Clock;
  logger: DirectoryLogger;
  metrics?: Registry;
  /** Timer refresh period (default 60 s). */
  refreshIntervalMs?: number;
  /** Minimum spacing of two refreshes started by lookups (default 250 ms: at most four delta reads a second while unknown numbers keep arriving, all misses of that window sharing one). */
  onDemandMinIntervalMs?: number;
  /** How long a lookup waits for its refresh before it lets the query lookup answer (default 5 s). */
  onDemandTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DIRECTORY_MODES = ['directory', 'query-fallback'] as const;
export type DirectoryMode = (typeof DIRECTORY_MODES)[number];

export interface DirectoryStatus {
  mode: DirectoryMode;
  /** Why the directory is not answering (query-fallback only). */
  reason?: 'starting' | 'change-tracking-unavailable' | 'sync-failing';
  lastSyncAt: string | null;
  lastFullSyncAt: string | null;
  contacts: number;
  numbers: number;
  ambiguousNumbers: number;
  lastError?: string;
}

/** found / not-found are answers; unavailable means "ask Dataverse instead". */
export type DirectoryLookup =
  | { status: 'found'; candidates: ContactCandidate[] }
  | { status: 'not-found'; candidates: [] }
  | { status: 'unavailable'; reason: string };

export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError';
  /** The directory catches up by itself; a retry later helps. */
  readonly transient = true;
}

export function createPhoneDirectory(options: PhoneDirectoryOptions) {
  const { feed, defaultCountry, clock, logger } = options;
  const store = createSqlitePhoneStore(options.file);
  const metrics = createDirectoryMetrics(options.metrics, () => store.counts());
  let ready = false;
  let reason: DirectoryStatus['reason'] = 'starting';
  let lastError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** A full sync has completed at least once (this run or a previous one). */
  let synced = false;

  const toStored = (c: FeedContact): StoredContact => {
    const { phones, ...contact } = c;
    return { contact, numbers: phones.flatMap((p) => extractPhoneNumbers(p, defaultCountry)) };
  };

  async function fullSync(): Promise<string> {
    store.beginFullSync();
    try {
      const { deltaLink } = await feed.fullSync((page) => store.addToFullSync(page.contacts.map(toStored)));
      store.commitFullSync(deltaLink, clock.now().toISOString());
      return 'full';
    } catch (error) {
      store.abortFullSync();
      throw error;
    }
  }

  async function sync(trigger: string): Promise<string> {
    const link = store.state('deltaLink');
    let kind: string;
    if (link === undefined) kind = await fullSync();
    else {
      try {
        const { deltaLink } = await feed.delta(link, (page) =>
          store.apply(page.contacts.map(toStored), page.deleted),
        );
        store.saveDelta(deltaLink, clock.now().toISOString());
        kind = 'delta';
      } catch (error) {
        if (feedFailureOf(error) !== FEED_FAILURES.deltaTokenExpired) throw error;
        logger.warn(
          { err: message(error) },
          'phone directory: delta link refused, reading all contacts again',
        );
        kind = await fullSync();
      }
    }
    if (!ready) logger.info({ trigger, ...store.counts() }, 'phone directory ready');
    ready = true;
    reason = undefined;
    lastError = undefined;
    return kind;
  }

  const gate = createRefreshGate({
    clock,
    minIntervalMs: options.onDemandMinIntervalMs ?? 250,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    run: async (trigger) => {
      try {
        const kind = await sync(trigger);
        metrics.refreshed(trigger, kind, 'ok');
        return kind;
      } catch (error) {
        noteFailure(error, trigger);
        metrics.refreshed(trigger, 'unknown', feedFailureOf(error));
        throw error;
      }
    },
  });

  function noteFailure(error: unknown, trigger: string) {
    const untracked = feedFailureOf(error) === FEED_FAILURES.changeTrackingUnavailable;
    if (untracked) ready = false;
    const nextReason = untracked ? 'change-tracking-unavailable' : ready ? undefined : 'sync-failing';
    if (nextReason !== reason || message(error) !== lastError) {
      const level = untracked ? 'warn' : 'error';
      logger[level](
        { trigger, err: message(error), mode: ready ? 'directory' : 'query-fallback' },
        untracked
          ? 'phone directory off: change tracking is not enabled on contact, looking contacts up by query; switch on Track changes for the Contact table (docs/admin-guide.md)'
          : 'phone directory refresh failed',
      );
    }
    reason = nextReason;
    lastError = message(error);
  }

  async function lookup(e164: string): Promise<DirectoryLookup> {
    if (!ready) return { status: 'unavailable', reason: reason ?? 'starting' };
    const missAt = clock.now().getTime();
    const found = store.find(e164);
    if (found.length > 0) return { status: 'found', candidates: rankCandidates(found) };
    try {
      const waited = await withinTime(gate.covering(missAt), options.onDemandTimeoutMs ?? 5000);
      if (!waited) return { status: 'unavailable', reason: 'the refresh is taking too long' };
    } catch (error) {
      return { status: 'unavailable', reason: `refresh failed: ${message(error)}` };
    }
    if (!ready) return { status: 'unavailable', reason: reason ?? 'starting' };
    const after = store.find(e164);
    return after.length > 0
      ? { status: 'found', candidates: rankCandidates(after) }
      : { status: 'not-found', candidates: [] };
  }

  const directory = {
    lookup,
    async findByPhone(e164: string): Promise<ContactCandidate[]> {
      const result = await lookup(e164);
      if (result.status === 'unavailable')
        throw new DirectoryUnavailableError(`The phone directory cannot answer yet (${result.reason})`);
      return result.candidates;
    },
    remember(contact: ContactCandidate & { phones: string[] }): void {
      store.apply([toStored(contact)], []);
    },
    /**
     * What the directory holds for the number, ranked, without refreshing or waiting: never a Dataverse
     * request. Undefined before the first full sync. A stale copy still answers (the forwarding answer).
     */
    peek(e164: string): ContactCandidate[] | undefined {
      synced ||= store.state('lastFullSyncAt') !== undefined;
      return synced ? rankCandidates(store.find(e164)) : undefined;
    },
    /** Starts the timer and runs the first sync; resolves even if that failed (status() says why). */
    async start(): Promise<DirectoryStatus> {
      const every = options.refreshIntervalMs ?? 60_000;
      timer ??= setInterval(() => {
        if (!gate.busy) gate.start('timer').catch(() => undefined);
      }, every);
      timer.unref();
      await gate.start('startup').catch(() => undefined);
      return directory.status();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await gate.idle();
      store.close();
    },
    /** Reads what changed now (a full read when there is no valid delta link). */
    refresh: (): Promise<string> => gate.start('manual'),
    status(): DirectoryStatus {
      const lastSyncAt = store.state('lastSyncAt') ?? null;
      const lastFullSyncAt = store.state('lastFullSyncAt') ?? null;
      return {
        mode: ready ? 'directory' : 'query-fallback',
        ...(!ready && reason ? { reason } : {}),
        lastSyncAt,
        lastFullSyncAt,
        ...store.counts(),
        ...(lastError !== undefined ? { lastError } : {}),
      };
    },
    /** Numbers shared by several contacts, each with its contacts in the order of the ambiguity rule. */
    ambiguous(limit?: number): AmbiguousNumber[] {
      return store.ambiguous(limit).map((a) => ({ ...a, contacts: rankCandidates(a.contacts) }));
    },
  } satisfies ContactDirectory & Record<string, unknown>;
  return directory;
}

export type PhoneDirectory = ReturnType<typeof createPhoneDirectory>;

/**
 * Whether `work` settled within `ms`. A full resync (an expired delta link) or a slow Dataverse must not
 * hold a call back: past the limit the lookup answers "unavailable" and the query lookup takes over.
 */
async function withinTime(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
