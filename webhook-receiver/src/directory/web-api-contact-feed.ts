import { dopHintOf } from '../dataverse/dop-hint';
import { throughLimiter, type RequestLimiter } from '../dataverse/request-limiter';
import { webApiRoot } from '../dataverse/web-api-root';
import { classifyFeedFailure, networkFailure, type FailedAnswer } from './classify-feed-failure';
import {
  CONTACT_PHONE_COLUMNS,
  ContactFeedError,
  FEED_FAILURES,
  type ContactFeed,
  type FeedContact,
  type FeedPage,
  type PageHandler,
} from './contact-feed';

/**
 * ContactFeed over the Dataverse Web API with plain fetch.
 *
 * Paging: `Prefer: odata.maxpagesize=N` (at most 5,000) and `@odata.nextLink` followed unmodified with the
 * same preference (Microsoft Learn, "Page results"). Change tracking forbids $filter/$orderby/$top, so the
 * read selects columns only and inactive contacts come too (the ambiguity rule needs their state).
 */
export interface WebApiContactFeedOptions {
  /** Organisation URL (https://org.crm4.dynamics.com) or the Web API root (…/api/data/v9.2). */
  url: string;
  getToken: () => Promise<string>;
  /** Rows per page, 1..5000 (Dataverse's maximum). */
  pageSize?: number;
  fetch?: typeof fetch;
  /** The receiver's shared Dataverse request limiter (dataverse/request-limiter.ts). */
  limiter?: RequestLimiter;
}

const OWNER_TYPE = '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname';
const SELECT = ['contactid', 'statecode', 'modifiedon', '_ownerid_value', ...CONTACT_PHONE_COLUMNS].join(',');

export function createWebApiContactFeed(options: WebApiContactFeedOptions): ContactFeed {
  const root = webApiRoot(options.url);
  const pageSize = Math.min(5000, Math.max(1, Math.floor(options.pageSize ?? 5000)));
  const doFetch = options.fetch ?? fetch;
  const prefer = `odata.track-changes,odata.maxpagesize=${pageSize},odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"`;

  async function getJson(url: string, request: 'full' | 'delta'): Promise<Record<string, unknown>> {
    // Every unknown caller waiting for this read is held up by it: it goes ahead of queued writes.
    const result = await throughLimiter(options.limiter, () => sendGet(url), { first: true });
    if ('body' in result) return result.body;
    const { answer } = result;
    // A refused full read: the table's metadata, not the (localised) message, says whether it is tracked.
    const askMetadata =
      request === 'full' &&
      answer.status >= 400 &&
      answer.status < 500 &&
      ![401, 403, 408, 429].includes(answer.status);
    throw classifyFeedFailure(answer, request, askMetadata ? await trackingOrUnknown() : undefined);
  }

  async function headers(withPrefer: boolean): Promise<Record<string, string>> {
    return {
      Authorization: `Bearer ${await options.getToken()}`,
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...(withPrefer ? { Prefer: prefer } : {}),
    };
  }

  async function sendGet(url: string): Promise<{ body: Record<string, unknown> } | { answer: FailedAnswer }> {
    const init = { headers: await headers(true) };
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch {
      // A kept-alive connection the server closed while idle fails the first request on it; a GET is
      // safe to send once more on a fresh connection.
      try {
        response = await doFetch(url, init);
      } catch (error) {
        throw networkFailure(error);
      }
    }
    const hint = dopHintOf(response.headers.get('x-ms-dop-hint'));
    if (hint !== undefined) options.limiter?.dopHint(hint);
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      const error = isRecord(body) && isRecord(body.error) ? body.error : {};
      return {
        answer: {
          status: response.status,
          ...(typeof error.code === 'string' && error.code ? { code: error.code } : {}),
          message: typeof error.message === 'string' ? error.message : text.slice(0, 300),
          retryAfter: response.headers.get('retry-after'),
        },
      };
    }
    if (!isRecord(body)) {
      throw new ContactFeedError(
        `Dataverse answered ${url} with something that is not JSON; is the URL the Web API root?`,
        FEED_FAILURES.permanent,
        response.status,
      );
    }
    return { body };
  }

  /**
   * contact's EntityMetadata.ChangeTrackingEnabled (Learn, "Use change tracking to synchronize data
   * with external systems": `GET EntityDefinitions…?$select=…ChangeTrackingEnabled`).
   */
  async function changeTrackingEnabled(): Promise<boolean> {
    const url = `${root}/EntityDefinitions(LogicalName='contact')?$select=ChangeTrackingEnabled`;
    const body = await throughLimiter(options.limiter, () => sendMetadataGet(url));
    return body.ChangeTrackingEnabled === true;
  }

  async function sendMetadataGet(url: string): Promise<Record<string, unknown>> {
    const response = await doFetch(url, { headers: await headers(false) });
    const body = parseJson(await response.text());
    if (!response.ok || !isRecord(body))
      throw new ContactFeedError(
        `Dataverse answered ${response.status} to ${url}`,
        FEED_FAILURES.permanent,
        response.status,
      );
    return body;
  }

  /** undefined when the metadata itself cannot be read: the failure stays what Dataverse said. */
  async function trackingOrUnknown(): Promise<boolean | undefined> {
    try {
      return await changeTrackingEnabled();
    } catch {
      return undefined;
    }
  }

  async function readPages(first: string, request: 'full' | 'delta', onPage: PageHandler) {
    let url: string | undefined = first;
    while (url !== undefined) {
      const body = await getJson(url, request);
      await onPage(toPage(body.value));
      const next = body['@odata.nextLink'];
      const delta = body['@odata.deltaLink'];
      if (typeof next === 'string') url = next;
      else if (typeof delta === 'string') return { deltaLink: delta };
      else {
        throw new ContactFeedError(
          'Dataverse returned contacts without a delta link: change tracking is not enabled on contact',
          FEED_FAILURES.changeTrackingUnavailable,
        );
      }
    }
    throw new Error('unreachable');
  }

  return {
    changeTrackingEnabled,
    fullSync: (onPage) => readPages(`${root}/contacts?$select=${SELECT}`, 'full', onPage),
    delta: (deltaLink, onPage) => readPages(deltaLink, 'delta', onPage),
  };
}

export { webApiRoot };

function toPage(value: unknown): FeedPage {
  const page: FeedPage = { contacts: [], deleted: [] };
  if (!Array.isArray(value)) return page;
  for (const row of value) {
    if (!isRecord(row)) continue;
    const context = row['@odata.context'];
    if (typeof context === 'string' && context.includes('$deletedEntity')) {
      if (typeof row.id === 'string') page.deleted.push(row.id);
      continue;
    }
    if (isRecord(row['@removed'])) {
      const id = row.contactid ?? row.id;
      if (typeof id === 'string') page.deleted.push(id);
      continue;
    }
    const contact = toContact(row);
    if (contact) page.contacts.push(contact);
  }
  return page;
}

function toContact(row: Record<string, unknown>): FeedContact | undefined {
  if (typeof row.contactid !== 'string') return undefined;
  const phones = CONTACT_PHONE_COLUMNS.map((column) => row[column]).filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const owner = row._ownerid_value;
  const ownerType = row[OWNER_TYPE];
  return {
    contactid: row.contactid,
    statecode: typeof row.statecode === 'number' ? row.statecode : 0,
    modifiedon: typeof row.modifiedon === 'string' ? row.modifiedon : '',
    ...(typeof owner === 'string' ? { ownerid: owner } : {}),
    ...(ownerType === 'systemuser' || ownerType === 'team' ? { ownerType } : {}),
    phones,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
