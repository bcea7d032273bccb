import { sampleStaff } from '../../../emulators/ringostat/src/fixtures';
import { startAssembledStack, type AssembledStack } from '../support/assembled-stack';

jest.setTimeout(30_000);

/**
 * Employees mapped from Ringostat's staff API, end to end: the assembled receiver against both emulators
 * over HTTP. Nobody typed a Ringostat staff ID on a CRM user and no webhook carries employee_email; the
 * staff API's e-mail finds the user.
 */
let stack: AssembledStack;
const users = { owner: '', ivan: '', maria: '' };

beforeAll(async () => {
  stack = await startAssembledStack({
    seed: (org, ringostat) => {
      ringostat.emulator.seedStaff(sampleStaff());
      users.ivan = org.emulator.insert('systemuser', {
        firstname: 'Іван',
        lastname: 'Петренко',
        internalemailaddress: 'Ivan@example.com',
      });
      users.maria = org.emulator.insert('systemuser', {
        firstname: 'Марія',
        lastname: 'Коваль',
        internalemailaddress: 'maria@example.com',
      });
    },
  });
  users.owner = stack.defaultOwner;
  await until(async () => Boolean((await stack.admin('GET', '/admin/ringostat/staff')).json.lastSuccessAt));
});

afterAll(() => stack.close());

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition never became true');
}

async function logged(event: 'after-call' | 'after-outgoing-call', body: Record<string, unknown>) {
  expect((await stack.post(event, body)).status).toBe(200);
  await stack.settled();
  const [row] = stack.org.emulator.rows('phonecall').filter((r) => r.ringo_callid === body.uniqueid);
  expect(row?.statecode).toBe(1);
  return row as Record<string, unknown>;
}

const ownerOf = (row: Record<string, unknown>) => row.ownerid;

describe('employees from the Ringostat staff API', () => {
  it('an answered call with only employee_number lands on the CRM user whose e-mail Ringostat knows', async () => {
    const row = await logged('after-call', {
      uniqueid: 'ua18_-1791545397.3000001',
      calldate: '2026-03-02 14:05:11',
      caller: '380671110001',
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: 30,
      employee_number: '111111',
    });
    expect(ownerOf(row)).toBe(users.ivan);
  });

  it('an outgoing call from a SIP login, without employee_number, lands on that employee’s user', async () => {
    const row = await logged('after-outgoing-call', {
      uniqueid: 'ua18_-1791545397.3000002',
      calldate: '2026-03-02 15:05:11',
      caller: '"Марія" <company_manager2>',
      dst: '380671110002',
      disposition: 'ANSWERED',
      billsec: 12,
    });
    expect(ownerOf(row)).toBe(users.maria);
  });

  it('an employee Ringostat knows but the CRM does not stays with the default owner', async () => {
    const row = await logged('after-call', {
      uniqueid: 'ua18_-1791545397.3000003',
      calldate: '2026-03-02 16:05:11',
      caller: '380671110003',
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: 5,
      employee_number: '333333',
    });
    expect(ownerOf(row)).toBe(users.owner);
  });

  it('the admin API lists every employee with its CRM user and how it was matched', async () => {
    const { status, json } = await stack.admin('GET', '/admin/ringostat/staff');
    expect(status).toBe(200);
    expect(json.counts).toEqual({ employees: 3, byStaffId: 0, byEmail: 2, unmatched: 1 });
    expect(json.staff).toEqual([
      expect.objectContaining({
        staffId: '111111',
        systemuserid: users.ivan,
        matchedBy: 'email',
        extension: '101',
      }),
      expect.objectContaining({ staffId: '222222', systemuserid: users.maria, matchedBy: 'email' }),
      expect.objectContaining({ staffId: '333333', matchedBy: 'none' }),
    ]);
    expect(JSON.stringify(json)).not.toContain('380501112233'); // employees' numbers are not exposed
  });

  it('owner → extension for call forwarding, from memory', () => {
    expect(stack.extras.staff?.extensionForUser(users.ivan)).toBe('101');
    expect(stack.extras.staff?.extensionForUser(users.owner)).toBeUndefined();
  });

  it('a staff ID typed on a user takes effect at the next refresh', async () => {
    const patch = await fetch(`${stack.org.url}/api/data/v9.2/systemusers(${users.owner})`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer static-token', 'content-type': 'application/json' },
      body: JSON.stringify({ ringo_ringostatstaffid: '333333' }),
    });
    expect(patch.status).toBe(204);
    const { json } = await stack.admin('POST', '/admin/ringostat/staff/refresh');
    expect(json.counts).toEqual({ employees: 3, byStaffId: 1, byEmail: 2, unmatched: 0 });
  });

  it('the staff routes need the admin token; the settings page’s preflight does not', async () => {
    expect((await stack.admin('GET', '/admin/ringostat/staff', {})).status).toBe(401);
    expect(
      (await stack.admin('POST', '/admin/ringostat/staff/refresh', { authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    const preflight = await stack.admin('OPTIONS', '/admin/ringostat/staff', {
      origin: 'https://contoso.crm4.dynamics.com',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('/metrics reports the directory', async () => {
    const text = await (await fetch(`${stack.receiver.url}/metrics`)).text();
    expect(text).toMatch(/ringostat_staff_directory_employees\{matched_by="email"\} 2/);
  });
});
