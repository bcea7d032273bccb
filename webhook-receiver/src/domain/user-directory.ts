import type { Employee } from './call-event';

/**
 * Where the worker finds the CRM user behind a Ringostat employee (DESIGN.md §5):
 * systemuser.ringo_ringostatstaffid = employee_number, else internalemailaddress = employee_email.
 * Undefined means "no such user": the plan falls back to the default owner.
 */
export interface UserDirectory {
  findUser(employee: Employee): Promise<string | undefined>;
}
