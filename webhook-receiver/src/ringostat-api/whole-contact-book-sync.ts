import type { Clock } from '../clock';
import type { ContactBookStore } from './contact-book-store';
import type { ContactBookSync, ContactPushResult } from './contact-book-sync';
import { DataversePageError, type ContactPageSource } from './dataverse-contact-pages';

/**
 * Pushes the whole CRM contact book to Ringostat, page by page (one /minicrm/contacts/sync request per
 * page of ~100), and is resumable: after every page the next page's link and the running counts are
 * saved in the store, so a run that was stopped continues where it left off. Contacts already pushed
 * unchanged are skipped by their hash, so even a fresh start after a lost cursor costs little.
 */

export const WHOLE_SYNC_CURSOR = 'whole-contact-book';

export interface WholeSyncProgress extends Record<ContactPushResult, number> {
  done: number;
  total: number | undefined;
  pages: number;
}

interface Cursor {
  nextLink: string;
  progress: WholeSyncProgress;
}

export async function syncWholeContactBook(options: {
  pages: ContactPageSource;
  contactBook: ContactBookSync;
  store: ContactBookStore;
  clock: Clock;
  /** Ignore a saved position and start from the first page. */
  restart?: boolean;
  onProgress?: (progress: WholeSyncProgress, resumed: boolean) => void;
}): Promise<WholeSyncProgress & { resumed: boolean }> {
  if (options.restart) options.store.saveCursor(WHOLE_SYNC_CURSOR, undefined, options.clock.now());
  const saved = readCursor(options.store.cursor(WHOLE_SYNC_CURSOR));
  let progress: WholeSyncProgress = saved?.progress ?? fresh();
  let resumed = saved !== undefined;
  let link = saved?.nextLink;

  for (;;) {
    let page;
    try {
      page = await options.pages.page(link);
    } catch (error) {
      // A saved link can expire (its paging cookie is server state); start over — hashes skip the pushed.
      const expired =
        error instanceof DataversePageError && error.status === 400 && link !== undefined && resumed;
      if (!expired) throw error;
      link = undefined;
      resumed = false;
      progress = fresh();
      continue;
    }
    if (page.totalCount !== undefined && progress.total === undefined) progress.total = page.totalCount;
    const batch = await options.contactBook.pushMany(page.contacts);
    progress = {
      ...progress,
      pushed: progress.pushed + batch.pushed,
      unchanged: progress.unchanged + batch.unchanged,
      skipped: progress.skipped + batch.skipped,
      done: progress.done + page.contacts.length,
      pages: progress.pages + 1,
    };
    if (progress.total !== undefined && progress.done > progress.total) progress.total = progress.done;
    const now = options.clock.now();
    if (page.nextLink) {
      options.store.saveCursor(WHOLE_SYNC_CURSOR, JSON.stringify({ nextLink: page.nextLink, progress }), now);
    } else {
      options.store.saveCursor(WHOLE_SYNC_CURSOR, undefined, now);
    }
    options.onProgress?.(progress, resumed);
    if (!page.nextLink) return { ...progress, total: progress.total ?? progress.done, resumed };
    link = page.nextLink;
  }
}

function fresh(): WholeSyncProgress {
  return { pushed: 0, unchanged: 0, skipped: 0, failed: 0, done: 0, total: undefined, pages: 0 };
}

function readCursor(text: string | undefined): Cursor | undefined {
  if (!text) return undefined;
  try {
    const cursor = JSON.parse(text) as Cursor;
    return typeof cursor.nextLink === 'string' ? cursor : undefined;
  } catch {
    return undefined;
  }
}
