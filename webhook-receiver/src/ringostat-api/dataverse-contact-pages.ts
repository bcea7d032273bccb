import type { CrmContact } from './contact-book-entry';
import { throughLimiter, type RequestLimiter } from '../dataverse/request-limiter';

/**
 * Active contacts from the Dataverse Web API, one page at a time, for the whole-book sync. Paging follows
 * Microsoft Learn "Page results" (dataverse/webapi/query/page-results): `Prefer: odata.maxpagesize=N`,
 * then `@odata.nextLink` used unmodified with the same preference. `$count=true` on the first page gives
 * the total for the progress bar (Dataverse caps it at 5,000, so it is a floor, not a promise).
 */

export interface ContactPage {
  contacts: CrmContact[];
  /** The next page's URL, absent on the last page. */
  nextLink?: string;
  /** Total active contacts, when the first page reported it. */
  totalCount?: number;
}

export interface ContactPageSource {
  /** The first page, or the page at `link` (an earlier page's nextLink). */
  page(link?: string): Promise<ContactPage>;
}

export class DataversePageError extends Error {
  override readonly name = 'DataversePageError';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

interface ContactRow {
  contactid: string;
  fullname?: string | null;
  mobilephone?: string | null;
  telephone1?: string | null;
  telephone2?: string | null;
  emailaddress1?: string | null;
  _ownerid_value?: string | null;
  modifiedon?: string | null;
}

const SELECT = 'contactid,fullname,mobilephone,telephone1,telephone2,emailaddress1,_ownerid_value,modifiedon';

export interface DataverseContactOptions {
  dataverseUrl: string;
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
  pageSize?: number;
  /** The receiver's shared Dataverse request limiter (dataverse/request-limiter.ts). */
  limiter?: RequestLimiter;
}

export function createDataverseContactPages(options: DataverseContactOptions): ContactPageSource {
  const api = `${options.dataverseUrl.replace(/\/+$/, '')}/api/data/v9.2`;
  const first = `${api}/contacts?$select=${SELECT}&$filter=statecode eq 0&$count=true`;
  return {
    async page(link) {
      const body = (await getJson(options, link ?? first, 'the contact page')) as {
        value?: ContactRow[];
        '@odata.nextLink'?: string;
        '@odata.count'?: number;
      };
      const contacts = (body.value ?? []).map(toCrmContact);
      return {
        contacts,
        ...(body['@odata.nextLink'] ? { nextLink: body['@odata.nextLink'] } : {}),
        ...(typeof body['@odata.count'] === 'number' ? { totalCount: body['@odata.count'] } : {}),
      };
    },
  };
}

/**
 * One contact by id, for the contact-book push of a contact the worker matched (it knows only the id).
 * `undefined` when the contact no longer exists.
 */
export function createDataverseContactReader(
  options: DataverseContactOptions,
): (contactId: string) => Promise<CrmContact | undefined> {
  const api = `${options.dataverseUrl.replace(/\/+$/, '')}/api/data/v9.2`;
  return async (contactId) => {
    const id = contactId.replace(/[{}]/g, '');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new TypeError(`"${contactId}" is not a contact id (GUID)`);
    try {
      return toCrmContact(
        (await getJson(options, `${api}/contacts(${id})?$select=${SELECT}`, 'the contact')) as ContactRow,
      );
    } catch (error) {
      if (error instanceof DataversePageError && error.status === 404) return undefined;
      throw error;
    }
  };
}

function toCrmContact({ _ownerid_value, ...row }: ContactRow): CrmContact {
  return { ...row, ownerid: _ownerid_value ?? null };
}

async function getJson(options: DataverseContactOptions, url: string, what: string): Promise<unknown> {
  return throughLimiter(options.limiter, () => sendGet(options, url, what));
}

async function sendGet(options: DataverseContactOptions, url: string, what: string): Promise<unknown> {
  const response = await (options.fetch ?? fetch)(url, {
    headers: {
      authorization: `Bearer ${await options.getToken()}`,
      accept: 'application/json',
      'odata-maxversion': '4.0',
      'odata-version': '4.0',
      prefer: `odata.maxpagesize=${options.pageSize ?? 100}`,
    },
  });
  if (!response.ok) {
    const detail = (await response.text()).slice(0, 300);
    const hint =
      response.status === 401 || response.status === 403
        ? ': check DATAVERSE_TOKEN or AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET and the application user’s role'
        : '';
    throw new DataversePageError(
      `Dataverse refused ${what} (HTTP ${response.status})${hint} ${detail}`,
      response.status,
    );
  }
  return response.json();
}
