import type { CrmUser } from '../staff/staff-mapping';
import type { CrmUserSource } from '../staff/staff-directory';
import type { WebApiClient } from './web-api-client';

/**
 * Enabled CRM users with their e-mail and Ringostat staff ID, for the staff directory: one query, paged
 * by Dataverse (`Prefer: odata.maxpagesize`, following `@odata.nextLink` — Microsoft Learn, "Query data
 * using the Web API" and "Page results", developer/data-platform/webapi/query/page-results). Disabled
 * users are left out because Dataverse refuses to assign records to them.
 */
interface UserRow {
  systemuserid: string;
  fullname?: string | null;
  internalemailaddress?: string | null;
  ringo_ringostatstaffid?: string | null;
}

export function createWebApiCrmUsers(client: WebApiClient): CrmUserSource {
  return {
    async listUsers() {
      const page = await client.run('list-users', (api) =>
        api.retrieveAll<UserRow>({
          collection: 'systemusers',
          select: ['systemuserid', 'fullname', 'internalemailaddress', 'ringo_ringostatstaffid'],
          filter: 'isdisabled eq false',
          maxPageSize: 5000,
        }),
      );
      return page.value.map((row) => ({
        systemuserid: row.systemuserid,
        ...(row.fullname ? { fullname: row.fullname } : {}),
        ...(row.internalemailaddress ? { email: row.internalemailaddress } : {}),
        ...(row.ringo_ringostatstaffid ? { staffId: row.ringo_ringostatstaffid } : {}),
      })) satisfies CrmUser[];
    },
  };
}
