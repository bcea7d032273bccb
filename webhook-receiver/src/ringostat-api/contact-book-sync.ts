import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import {
  entryHash,
  toContactBookEntry,
  type ContactBookSettings,
  type CrmContact,
} from './contact-book-entry';
import type { ContactBookStore } from './contact-book-store';
import type { ContactBookEntry, RingostatApi } from './ringostat-api';
import { coerceError } from './ringostat-api-error';
import { ringostatMetrics } from './ringostat-metrics';

/**
 * Keeps Ringostat's Smart Phone contact book in step with the CRM, so Smart Phone can open the
 * contact's card (../../../../shared/ringostat-webhooks.md). Each contact is pushed at most once per
 * change: the hash of the entry last pushed is kept in the store and compared first.
 *
 * The worker calls `onContactResolved` after it matched or created a call's contact. A push failure
 * never fails the call: it is counted, reported in status(), and — as nothing was remembered — the
 * contact is pushed again the next time it is resolved (or by `npm run ringostat:sync-contacts`).
 */

export type ContactPushResult = 'pushed' | 'unchanged' | 'skipped' | 'failed';

export interface ContactBookSyncStatus {
  lastPushAt: string | null;
  lastError: string | null;
  counts: Record<ContactPushResult, number>;
}

/**
 * A resolved contact: complete (it carries `fullname`, even null, with its phones — e.g. one the worker
 * just created), or only its id (a matched contact), which is then read from Dataverse first — unless
 * the `modifiedon` the phone directory knows is the one Ringostat's entry was last synced at: then
 * nothing changed and nothing is read.
 */
export type ResolvedContact = CrmContact | { contactid: string; modifiedon?: string };

export interface ContactBookSync {
  onContactResolved(contact: ResolvedContact): Promise<ContactPushResult>;
  /** Pushes the changed contacts of a batch in one request (throws when Ringostat refuses it). */
  pushMany(contacts: readonly CrmContact[]): Promise<Record<ContactPushResult, number>>;
  status(): ContactBookSyncStatus;
}

export interface ContactBookSyncOptions {
  api: RingostatApi;
  store: ContactBookStore;
  crmUrl: string;
  appId?: string;
  projectId: number | string;
  defaultCountry?: string;
  origin?: string;
  clock: Clock;
  registry?: Registry;
  /** Reads a contact by id (createDataverseContactReader); needed for id-only resolved contacts. */
  readContact?: (contactId: string) => Promise<CrmContact | undefined>;
  onError?: (error: Error, contactId: string) => void;
}

export function createContactBookSync(options: ContactBookSyncOptions): ContactBookSync {
  const settings: ContactBookSettings = {
    crmUrl: options.crmUrl,
    projectId: Number(options.projectId),
    defaultCountry: options.defaultCountry ?? 'UA',
    origin: options.origin ?? 'Smart CRM',
    ...(options.appId ? { appId: options.appId } : {}),
  };
  const metrics = options.registry ? ringostatMetrics(options.registry) : undefined;
  const counts: Record<ContactPushResult, number> = { pushed: 0, unchanged: 0, skipped: 0, failed: 0 };
  let lastPushAt: string | null = null;
  let lastError: string | null = null;

  function count(result: ContactPushResult, n = 1): void {
    counts[result] += n;
    if (n > 0) metrics?.contactSyncContacts.inc({ result }, n);
  }

  async function pushMany(contacts: readonly CrmContact[]): Promise<Record<ContactPushResult, number>> {
    const batch: Record<ContactPushResult, number> = { pushed: 0, unchanged: 0, skipped: 0, failed: 0 };
    const changed: Array<{ id: string; entry: ContactBookEntry; hash: string }> = [];
    const inBook: CrmContact[] = [];
    for (const contact of contacts) {
      const entry = toContactBookEntry(contact, settings);
      if (!entry) batch.skipped++;
      else {
        inBook.push(contact);
        const hash = entryHash(entry);
        if (options.store.pushedHash(contact.contactid) === hash) batch.unchanged++;
        else changed.push({ id: contact.contactid, entry, hash });
      }
    }
    if (changed.length > 0) {
      try {
        await options.api.syncContacts(changed.map((c) => c.entry));
      } catch (error) {
        const e = coerceError(error);
        lastError = e.message;
        count('failed', changed.length);
        throw e;
      }
      const now = options.clock.now();
      for (const c of changed) options.store.rememberPushed(c.id, c.hash, now);
      batch.pushed = changed.length;
      lastPushAt = now.toISOString();
      lastError = null;
      metrics?.contactSyncLastPush.set(now.getTime() / 1000);
    }
    // Ringostat now has what these contacts look like at these versions.
    for (const contact of inBook) {
      if (contact.modifiedon) options.store.rememberSyncedVersion(contact.contactid, contact.modifiedon);
    }
    count('pushed', batch.pushed);
    count('unchanged', batch.unchanged);
    count('skipped', batch.skipped);
    return batch;
  }

  async function complete(resolved: ResolvedContact): Promise<CrmContact | undefined> {
    if ('fullname' in resolved) return resolved;
    if (!options.readContact) {
      throw new TypeError('an id-only contact needs readContact to load its name and phones from Dataverse');
    }
    return options.readContact(resolved.contactid);
  }

  return {
    async onContactResolved(resolved) {
      if (
        !('fullname' in resolved) &&
        resolved.modifiedon !== undefined &&
        options.store.syncedVersion(resolved.contactid) === resolved.modifiedon
      ) {
        count('unchanged');
        return 'unchanged';
      }
      let contact: CrmContact | undefined;
      try {
        contact = await complete(resolved);
      } catch (error) {
        const e = coerceError(error);
        lastError = `could not read contact ${resolved.contactid} from Dataverse: ${e.message}`;
        count('failed');
        options.onError?.(e, resolved.contactid);
        return 'failed';
      }
      if (!contact) {
        count('skipped');
        return 'skipped';
      }
      try {
        const result = await pushMany([contact]);
        return result.pushed ? 'pushed' : result.unchanged ? 'unchanged' : 'skipped';
      } catch (error) {
        options.onError?.(coerceError(error), resolved.contactid);
        return 'failed';
      }
    },
    pushMany,
    status: () => ({ lastPushAt, lastError, counts: { ...counts } }),
  };
}
