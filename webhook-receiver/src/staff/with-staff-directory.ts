import type { UserDirectory } from '../domain/user-directory';
import type { StaffLookup } from './staff-directory';

/**
 * The user directory the worker uses when the staff directory runs: the CRM's own mapping first (a user
 * whose Ringostat staff ID or e-mail is the webhook's — fresh, and what an admin typed wins), then the
 * staff directory (staff id → the e-mail Ringostat knows → the CRM user; or the SIP login of the call).
 * So a webhook without `employee_email` still lands on the right user (docs/adr/0110-staff-directory.md).
 */
export function withStaffDirectory(primary: UserDirectory, staff: StaffLookup): UserDirectory {
  return {
    async findUser(employee) {
      return (await primary.findUser(employee)) ?? staff.userFor(employee);
    },
  };
}
