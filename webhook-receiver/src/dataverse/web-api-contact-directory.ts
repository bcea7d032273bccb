import type { ContactCandidate, ContactDirectory } from '../domain/contact-directory';
import { storedPhoneForms } from '../domain/stored-phone-forms';
import { odataString } from './odata-literal';
import type { WebApiClient } from './web-api-client';

/**
 * ContactDirectory straight on Dataverse: one query over the six phone columns of contact (Microsoft
 * Learn, reference/entities/contact: telephone1/2/3, mobilephone, business2, home2) for the number's
 * common stored spellings. Exact matches only; the synced phone directory handles the rest.
 */
export const CONTACT_PHONE_COLUMNS = [
  'telephone1',
  'telephone2',
  'telephone3',
  'mobilephone',
  'business2',
  'home2',
] as const;

const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

interface ContactRow {
  contactid: string;
  statecode?: number;
  modifiedon?: string | Date;
  _ownerid_value?: string;
  [annotation: string]: unknown;
}

export function contactPhoneFilter(e164: string): string {
  const forms = storedPhoneForms(e164);
  return CONTACT_PHONE_COLUMNS.flatMap((column) =>
    forms.map((form) => `${column} eq ${odataString(form)}`),
  ).join(' or ');
}

export function createWebApiContactDirectory(client: WebApiClient): ContactDirectory {
  return {
    async findByPhone(e164) {
      const page = await client.run('find-contacts', (api) =>
        api.retrieveMultiple<ContactRow>({
          collection: 'contacts',
          select: ['contactid', 'statecode', 'modifiedon', '_ownerid_value'],
          filter: contactPhoneFilter(e164),
          top: 50,
          includeAnnotations: LOOKUP_NAME,
        }),
      );
      return page.value.map(toCandidate);
    },
    // Dataverse is read on every lookup, so a contact created a moment ago is already there.
    remember() {},
  };
}

function toCandidate(row: ContactRow): ContactCandidate {
  const ownerType = row[`_ownerid_value@${LOOKUP_NAME}`] ?? row._ownerid_value_LogicalName;
  const modifiedon = row.modifiedon instanceof Date ? row.modifiedon.toISOString() : (row.modifiedon ?? '');
  return {
    contactid: row.contactid,
    statecode: row.statecode ?? 0,
    modifiedon,
    ...(row._ownerid_value ? { ownerid: row._ownerid_value } : {}),
    ...(ownerType === 'team' || ownerType === 'systemuser' ? { ownerType } : {}),
  };
}
