import { normaliseGuid } from './call-query';

/**
 * What the call log was opened for. Two supported ways in:
 * - as a web resource on the contact form with "Pass record object-type code and unique identifier as
 *   parameters" on: `?id={GUID}&typename=contact`;
 * - with Xrm.Navigation.navigateTo({pageType:'webresource', webresourceName, data}), which arrives as
 *   `?data=<string>`; the product passes `contactid=<guid>` (and optionally `pageSize=<n>`):
 *   https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto
 */
export interface CallLogParams {
  readonly contactId: string | null;
  /** On a contact form whose record is not saved yet: there are no calls to show. */
  readonly unsavedContact: boolean;
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

export function parseCallLogParams(search: string): CallLogParams {
  const query = new URLSearchParams(search);
  const data = new URLSearchParams(query.get('data') ?? '');
  const typename = query.get('typename');
  const rawContact = data.get('contactid') ?? (typename === 'contact' ? query.get('id') : null);
  const contactId = rawContact ? normaliseGuid(rawContact, 'contact id') : null;
  const size = Number(data.get('pageSize') ?? query.get('pageSize') ?? DEFAULT_PAGE_SIZE);
  const pageSize = Number.isInteger(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { contactId, unsavedContact: typename === 'contact' && !contactId, pageSize };
}
