import type { StaffMember } from '../ringostat-api/staff-list';

/**
 * Ringostat employees ↔ CRM users, decided from data alone (docs/adr/0110-staff-directory.md):
 * 1. a user whose **Ringostat staff ID** (`systemuser.ringo_ringostatstaffid`) is the employee's staff id —
 *    what an admin typed always wins;
 * 2. else the user whose primary e-mail (`internalemailaddress`) is the employee's e-mail in Ringostat
 *    (unique per Ringostat project, HC 10324001; compared without case);
 * 3. else no user: calls fall back to the default owner, and the admin API and the settings page list the
 *    employee as unmatched.
 * Two users claiming one staff id, or sharing one e-mail, is ambiguous: nobody is picked and the reason
 * is kept, so a call never lands on a coin toss. Pure.
 */

export interface CrmUser {
  systemuserid: string;
  fullname?: string;
  email?: string;
  staffId?: string;
}

export const MATCHES = ['staff-id', 'email', 'none'] as const;
export type MatchedBy = (typeof MATCHES)[number];

export interface MappedStaff {
  staffId: string;
  name?: string;
  email?: string;
  extension?: string;
  sipLogins: string[];
  departments: string[];
  systemuserid?: string;
  crmUserName?: string;
  matchedBy: MatchedBy;
  /** Why no user was picked, when there was a reason beyond "nobody matches". */
  problem?: string;
  /** The same reason as a code, for pages that say it in the user's language. */
  problemCode?: 'staff-id-shared' | 'email-shared' | 'no-email';
}

export function mapStaffToUsers(staff: readonly StaffMember[], users: readonly CrmUser[]): MappedStaff[] {
  const byStaffId = group(users, (u) => u.staffId?.trim());
  const byEmail = group(users, (u) => u.email?.trim().toLowerCase());
  return staff.map((member) => {
    const base: MappedStaff = {
      staffId: member.staffId,
      ...(member.name ? { name: member.name } : {}),
      ...(member.email ? { email: member.email } : {}),
      ...(member.extension ? { extension: member.extension } : {}),
      sipLogins: [...member.sipLogins],
      departments: [...member.departments],
      matchedBy: 'none',
    };
    const claimed = byStaffId.get(member.staffId) ?? [];
    if (claimed.length === 1) return matched(base, claimed[0] as CrmUser, 'staff-id');
    if (claimed.length > 1) {
      return {
        ...base,
        problem: `${claimed.length} CRM users have Ringostat staff ID ${member.staffId}`,
        problemCode: 'staff-id-shared',
      };
    }
    const sameEmail = member.email ? (byEmail.get(member.email) ?? []) : [];
    if (sameEmail.length === 1) return matched(base, sameEmail[0] as CrmUser, 'email');
    if (sameEmail.length > 1) {
      return {
        ...base,
        problem: `${sameEmail.length} CRM users have the e-mail ${member.email ?? ''}`,
        problemCode: 'email-shared',
      };
    }
    return member.email ? base : { ...base, problem: 'no e-mail in Ringostat', problemCode: 'no-email' };
  });
}

function matched(base: MappedStaff, user: CrmUser, by: MatchedBy): MappedStaff {
  return {
    ...base,
    systemuserid: user.systemuserid,
    ...(user.fullname ? { crmUserName: user.fullname } : {}),
    matchedBy: by,
  };
}

function group<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!k) continue;
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}
