import { containsLiteral } from './odata-text';
import type { WebApiReader } from './environment-variables';

/**
 * The CRM users the pages offer as employees or default owner: enabled people only. Application users
 * (the integration's own user, other services) have systemuser.applicationid set
 * (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser), so they
 * are never offered as someone who takes calls.
 */
export const PEOPLE_FILTER = 'isdisabled eq false and applicationid eq null';

export interface CrmUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

const toUser = (row: Record<string, unknown>): CrmUser => ({
  id: String(row['systemuserid']),
  name: typeof row['fullname'] === 'string' ? row['fullname'] : '',
  email: typeof row['internalemailaddress'] === 'string' ? row['internalemailaddress'] : '',
});

/** Every enabled person, by name (the journal's employee filter). */
export async function loadEmployees(webApi: WebApiReader): Promise<CrmUser[]> {
  const result = await webApi.retrieveMultipleRecords(
    'systemuser',
    `?$select=fullname,systemuserid&$filter=${PEOPLE_FILTER}&$orderby=fullname`,
  );
  return result.entities.map(toUser);
}

/** Up to `top` enabled people whose name or e-mail contains the text (the default-owner picker). */
export async function searchPeople(webApi: WebApiReader, text: string, top = 10): Promise<CrmUser[]> {
  const value = containsLiteral(text);
  const match = value
    ? ` and (contains(fullname,'${value}') or contains(internalemailaddress,'${value}'))`
    : '';
  const result = await webApi.retrieveMultipleRecords(
    'systemuser',
    `?$select=fullname,internalemailaddress,systemuserid&$filter=${PEOPLE_FILTER}${match}&$orderby=fullname&$top=${top}`,
  );
  return result.entities.map(toUser);
}
