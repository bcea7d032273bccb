import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { StaffMember } from '../../../webhook-receiver/src/ringostat-api/staff-list';
import { createSqliteStaffStore } from '../../../webhook-receiver/src/staff/sqlite-staff-store';
import { createStaffDirectory, type StaffSource } from '../../../webhook-receiver/src/staff/staff-directory';
import type { CrmUser } from '../../../webhook-receiver/src/staff/staff-mapping';
import { withStaffDirectory } from '../../../webhook-receiver/src/staff/with-staff-directory';

/** Hand-written fakes of the two sources; a real SQLite file for the store. */
class FakeStaff implements StaffSource {
  staff: StaffMember[] = [
    {
      staffId: '111111',
      name: 'Іван Петренко',
      email: 'ivan@example.com',
      extension: '101',
      sipLogins: ['company_manager1'],
      numbers: [],
      departments: ['Продажі'],
    },
    {
      staffId: '222222',
      email: 'maria@example.com',
      sipLogins: ['company_manager2'],
      numbers: [],
      departments: [],
    },
  ];
  failure: Error | undefined;
  calls = 0;
  async listStaff() {
    this.calls++;
    if (this.failure) throw this.failure;
    return this.staff;
  }
}
const users: CrmUser[] = [
  { systemuserid: 'U-IVAN', fullname: 'Іван Петренко', email: 'ivan@example.com' },
  { systemuserid: 'u-maria', fullname: 'Марія Коваль', email: 'maria@example.com' },
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'staff-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function directory(staff = new FakeStaff(), registry = new Registry()) {
  const store = createSqliteStaffStore({ file: join(dir, 'staff-directory.sqlite') });
  const made = createStaffDirectory({
    staff,
    users: { listUsers: async () => users },
    store,
    clock: { now: () => new Date('2026-03-02T12:00:00Z') },
    registry,
  });
  return { made, store, staff, registry };
}

describe('staff directory', () => {
  it('maps an employee number, an e-mail or a SIP login to the CRM user, and a user back to the extension', async () => {
    const { made, store } = directory();
    await made.refresh();
    expect(made.userFor({ number: '111111' })).toBe('U-IVAN');
    expect(made.userFor({ email: 'MARIA@example.com' })).toBe('u-maria');
    expect(made.userFor({ sipLogin: 'Company_Manager2' })).toBe('u-maria');
    expect(made.userFor({ number: '999' })).toBeUndefined();
    expect(made.extensionForUser('u-ivan')).toBe('101');
    expect(made.extensionForUser('u-maria')).toBe('company_manager2'); // no extension: the SIP login
    expect(made.extensionForUser('nobody')).toBeUndefined();
    store.close();
  });

  it('survives a restart without Ringostat: the last directory is read from its SQLite file', async () => {
    const first = directory();
    await first.made.refresh();
    first.store.close();
    const staff = new FakeStaff();
    staff.failure = new Error('Ringostat API /api/json-rpc unreachable');
    const second = directory(staff);
    expect(second.made.userFor({ number: '111111' })).toBe('U-IVAN');
    await expect(second.made.refresh()).rejects.toThrow(/unreachable/);
    expect(second.made.status()).toMatchObject({
      lastError: 'Ringostat API /api/json-rpc unreachable',
      lastSuccessAt: '2026-03-02T12:00:00.000Z',
      counts: { employees: 2, byEmail: 2, unmatched: 0 },
    });
    second.store.close();
  });

  it('keeps the previous directory when Ringostat suddenly returns nobody, and says why', async () => {
    const { made, store, staff } = directory();
    await made.refresh();
    staff.staff = [];
    await expect(made.refresh()).rejects.toThrow(
      /returned no employees; the previous directory of 2 is kept/,
    );
    expect(made.userFor({ number: '111111' })).toBe('U-IVAN');
    store.close();
  });

  it('reports the mapping in /metrics and runs one refresh at a time', async () => {
    const { made, store, staff, registry } = directory();
    await Promise.all([made.refresh(), made.refresh()]);
    expect(staff.calls).toBe(1);
    const text = await registry.metrics();
    expect(text).toMatch(/ringostat_staff_directory_employees\{matched_by="email"\} 2/);
    expect(text).toMatch(/ringostat_staff_directory_refreshes_total\{outcome="ok"\} 1/);
    store.close();
  });

  it('in the worker the CRM’s own mapping wins; the staff directory answers when it has none', async () => {
    const { made, store } = directory();
    await made.refresh();
    const crm = {
      findUser: async (e: { number?: string }) => (e.number === '111111' ? 'u-typed' : undefined),
    };
    const combined = withStaffDirectory(crm, made);
    expect(await combined.findUser({ number: '111111' })).toBe('u-typed');
    expect(await combined.findUser({ number: '222222' })).toBe('u-maria');
    store.close();
  });
});
