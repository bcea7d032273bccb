import type { StaffMember } from '../../../webhook-receiver/src/ringostat-api/staff-list';
import { mapStaffToUsers, type CrmUser } from '../../../webhook-receiver/src/staff/staff-mapping';

const member = (staffId: string, over: Partial<StaffMember> = {}): StaffMember => ({
  staffId,
  sipLogins: [],
  numbers: ['380501112233'],
  departments: [],
  ...over,
});

const ivan: CrmUser = { systemuserid: 'u-ivan', fullname: 'Іван Петренко', email: 'Ivan@Example.com' };
const maria: CrmUser = { systemuserid: 'u-maria', fullname: 'Марія Коваль', staffId: '222222' };

describe('mapStaffToUsers', () => {
  it('maps by the staff ID typed on the user first, then by e-mail without case', () => {
    const mapped = mapStaffToUsers(
      [
        member('111111', { email: 'ivan@example.com', name: 'Іван' }),
        member('222222', { email: 'maria@other.com' }),
      ],
      [ivan, maria],
    );
    expect(mapped.map((m) => [m.staffId, m.systemuserid, m.matchedBy, m.crmUserName])).toEqual([
      ['111111', 'u-ivan', 'email', 'Іван Петренко'],
      ['222222', 'u-maria', 'staff-id', 'Марія Коваль'],
    ]);
  });

  it('a staff ID on a user wins over another user with the same e-mail', () => {
    const [mapped] = mapStaffToUsers(
      [member('111111', { email: 'ivan@example.com' })],
      [ivan, { systemuserid: 'u-other', staffId: '111111' }],
    );
    expect([mapped?.systemuserid, mapped?.matchedBy]).toEqual(['u-other', 'staff-id']);
  });

  it('two users with one staff ID, or one e-mail, pick nobody and say why', () => {
    const [byId] = mapStaffToUsers(
      [member('7')],
      [
        { systemuserid: 'a', staffId: '7' },
        { systemuserid: 'b', staffId: '7' },
      ],
    );
    const [byEmail] = mapStaffToUsers(
      [member('8', { email: 'x@example.com' })],
      [
        { systemuserid: 'a', email: 'x@example.com' },
        { systemuserid: 'b', email: 'X@example.com' },
      ],
    );
    expect(byId).toMatchObject({ matchedBy: 'none', problem: '2 CRM users have Ringostat staff ID 7' });
    expect(byId).not.toHaveProperty('systemuserid');
    expect(byEmail).toMatchObject({
      matchedBy: 'none',
      problem: '2 CRM users have the e-mail x@example.com',
    });
  });

  it('an employee nobody matches is unmatched; without an e-mail in Ringostat it says so', () => {
    const [noMatch, noEmail] = mapStaffToUsers(
      [member('9', { email: 'z@example.com' }), member('10')],
      [ivan],
    );
    expect(noMatch).toMatchObject({ matchedBy: 'none' });
    expect(noMatch).not.toHaveProperty('problem');
    expect(noEmail).toMatchObject({
      matchedBy: 'none',
      problem: 'no e-mail in Ringostat',
      problemCode: 'no-email',
    });
  });

  it('never carries the employee’s phone numbers into the directory', () => {
    const [mapped] = mapStaffToUsers([member('1', { email: 'ivan@example.com' })], [ivan]);
    expect(JSON.stringify(mapped)).not.toContain('380501112233');
  });
});
