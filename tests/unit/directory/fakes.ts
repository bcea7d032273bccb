import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../webhook-receiver/src/clock';
import {
  ContactFeedError,
  FEED_FAILURES,
  type ContactFeed,
  type FeedContact,
  type PageHandler,
} from '../../../webhook-receiver/src/directory/contact-feed';
import type { DirectoryLogger } from '../../../webhook-receiver/src/directory/phone-directory';

/** A clock that moves only when told to. */
export function manualClock(start = '2026-03-02T12:00:00.000Z') {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  } satisfies Clock & Record<string, unknown>;
}

/** Records log lines instead of printing them. */
export function recordingLogger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') } satisfies DirectoryLogger &
    Record<string, unknown>;
}

/**
 * An in-memory Dataverse contact table with change tracking: a version counter, a change log, delta
 * links that carry the version, and switches for "tracking off", "tokens expired" and "next read fails".
 */
export function fakeContactFeed(pageSize = 2) {
  const contacts = new Map<string, FeedContact>();
  const log: { version: number; id: string }[] = [];
  let version = 0;
  let expiredBefore = 0;
  let failure: ContactFeedError | undefined;
  let held: Promise<void> | undefined;
  const requests: string[] = [];
  /** Makes the read in progress wait (after its first page / after taking its snapshot) until released. */
  const waitIfHeld = async () => {
    const h = held;
    held = undefined;
    if (h) await h;
  };

  const takeFailure = () => {
    const f = failure;
    failure = undefined;
    if (f) throw f;
  };

  const feed: ContactFeed & Record<string, unknown> = {
    async fullSync(onPage: PageHandler) {
      const at = version;
      const all = [...contacts.values()];
      let i = 0;
      do {
        requests.push('full');
        takeFailure();
        if (!fake.tracking)
          throw new ContactFeedError(
            'Change tracking is not enabled',
            FEED_FAILURES.changeTrackingUnavailable,
            400,
          );
        await onPage({ contacts: all.slice(i, i + pageSize), deleted: [] });
        await waitIfHeld();
        i += pageSize;
      } while (i < all.length);
      return { deltaLink: `delta:${at}` };
    },
    async delta(link: string, onPage: PageHandler) {
      requests.push('delta');
      takeFailure();
      const from = Number(link.replace('delta:', ''));
      if (from < expiredBefore)
        throw new ContactFeedError('Version stamp expired', FEED_FAILURES.deltaTokenExpired, 400);
      const ids = new Set(log.filter((e) => e.version > from).map((e) => e.id));
      const changed = [...ids].flatMap((id) => (contacts.has(id) ? [contacts.get(id)!] : []));
      const deleted = [...ids].filter((id) => !contacts.has(id));
      const next = `delta:${version}`;
      await waitIfHeld();
      await onPage({ contacts: changed, deleted });
      return { deltaLink: next };
    },
  };

  const fake = {
    feed,
    requests,
    tracking: true,
    put(...rows: FeedContact[]) {
      for (const row of rows) {
        contacts.set(row.contactid, row);
        log.push({ version: ++version, id: row.contactid });
      }
    },
    remove(id: string) {
      contacts.delete(id);
      log.push({ version: ++version, id });
    },
    expireTokens() {
      expiredBefore = version + 1;
    },
    /** The next read stops part-way until the returned function is called. */
    hold(): () => void {
      let release = () => undefined as void;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    failNext(error: ContactFeedError) {
      failure = error;
    },
  };
  return fake;
}

export function contact(id: string, phones: string[], extra: Partial<FeedContact> = {}): FeedContact {
  return { contactid: id, statecode: 0, modifiedon: '2026-01-01T00:00:00Z', phones, ...extra };
}

/** A temporary directory for SQLite files, removed by cleanup(). */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'phone-directory-'));
  return {
    file: (name = 'phone-directory.sqlite') => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
