import type { CrmContact } from '../../../webhook-receiver/src/ringostat-api/contact-book-entry';
import { createSqliteContactBookStore } from '../../../webhook-receiver/src/ringostat-api/contact-book-store';
import type { ContactBookSync } from '../../../webhook-receiver/src/ringostat-api/contact-book-sync';
import {
  DataversePageError,
  type ContactPageSource,
} from '../../../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import {
  syncWholeContactBook,
  WHOLE_SYNC_CURSOR,
} from '../../../webhook-receiver/src/ringostat-api/whole-contact-book-sync';

const clock = { now: () => new Date('2026-03-02T12:00:00Z') };
const contact = (n: number): CrmContact => ({
  contactid: `c${n}`,
  fullname: `C${n}`,
  mobilephone: '+380671112233',
});

/** Three pages of two contacts; links are "p2", "p3". A link in `expired` answers 400 once, like a stale paging cookie. */
function pages(expired: string[] = []): ContactPageSource & { asked: Array<string | undefined> } {
  const asked: Array<string | undefined> = [];
  const book: Record<string, { contacts: CrmContact[]; nextLink?: string }> = {
    first: { contacts: [contact(1), contact(2)], nextLink: 'p2' },
    p2: { contacts: [contact(3), contact(4)], nextLink: 'p3' },
    p3: { contacts: [contact(5), contact(6)] },
  };
  return {
    asked,
    async page(link) {
      asked.push(link);
      if (link && expired.includes(link)) {
        expired.splice(expired.indexOf(link), 1);
        throw new DataversePageError('paging cookie expired', 400);
      }
      const page = book[link ?? 'first'];
      if (!page) throw new Error(`no page ${link}`);
      return { ...page, ...(link ? {} : { totalCount: 6 }) };
    },
  };
}

/** Counts what it is asked to push; everything counts as pushed. */
function recordingContactBook(): ContactBookSync & { pushed: string[] } {
  const pushed: string[] = [];
  return {
    pushed,
    async pushMany(contacts) {
      pushed.push(...contacts.map((c) => c.contactid));
      return { pushed: contacts.length, unchanged: 0, skipped: 0, failed: 0 };
    },
    onContactResolved: async () => 'pushed',
    status: () => ({
      lastPushAt: null,
      lastError: null,
      counts: { pushed: 0, unchanged: 0, skipped: 0, failed: 0 },
    }),
  };
}

describe('whole contact-book sync position', () => {
  it('continues from the saved page and starts over when Dataverse no longer accepts the saved link', async () => {
    const store = createSqliteContactBookStore({ file: ':memory:' });
    store.saveCursor(
      WHOLE_SYNC_CURSOR,
      JSON.stringify({
        nextLink: 'p3',
        progress: { pushed: 4, unchanged: 0, skipped: 0, failed: 0, done: 4, total: 6, pages: 2 },
      }),
      clock.now(),
    );
    const resumedBook = recordingContactBook();
    const resumed = await syncWholeContactBook({ pages: pages(), contactBook: resumedBook, store, clock });
    expect(resumedBook.pushed).toEqual(['c5', 'c6']);
    expect(resumed).toMatchObject({ resumed: true, done: 6, total: 6, pages: 3 });
    expect(store.cursor(WHOLE_SYNC_CURSOR)).toBeUndefined();

    store.saveCursor(
      WHOLE_SYNC_CURSOR,
      JSON.stringify({
        nextLink: 'p2',
        progress: { pushed: 2, unchanged: 0, skipped: 0, failed: 0, done: 2, total: 6, pages: 1 },
      }),
      clock.now(),
    );
    const source = pages(['p2']);
    const restartedBook = recordingContactBook();
    const restarted = await syncWholeContactBook({ pages: source, contactBook: restartedBook, store, clock });
    expect(source.asked).toEqual(['p2', undefined, 'p2', 'p3']);
    expect(restartedBook.pushed).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(restarted).toMatchObject({ resumed: false, done: 6, pages: 3 });
    store.close();
  });

  it('--restart ignores a saved position', async () => {
    const store = createSqliteContactBookStore({ file: ':memory:' });
    store.saveCursor(WHOLE_SYNC_CURSOR, JSON.stringify({ nextLink: 'p3', progress: {} }), clock.now());
    const book = recordingContactBook();
    await syncWholeContactBook({ pages: pages(), contactBook: book, store, clock, restart: true });
    expect(book.pushed).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    store.close();
  });
});
