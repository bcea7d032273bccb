import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { sampleStaff } from '../../../emulators/ringostat/src/fixtures';
import { startRingostatEmulator } from '../../../emulators/ringostat/src/start-ringostat-emulator';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

jest.setTimeout(30_000);

/**
 * Employees mapped from Ringostat's staff API, end to end: the assembled receiver against both emulators
 * over HTTP. Nobody typed a Ringostat staff ID on a CRM user and no webhook carries employee_email; the
 * staff API's e-mail finds the user.
 */
const TOKEN = 'staff-hook-token';
const ADMIN = 'staff-admin-token';

let org: Awaited<ReturnType<typeof startEmulatorServer>>;
let ringostat: Awaited<ReturnType<typeof startRingostatEmulator>>;
let receiver: RunningReceiver & { staff?: { extensionForUser(id: string): string | undefined } };
let dataDir: string;
const users = { owner: '', ivan: '', maria: '' };

beforeAll(async () => {
  org = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  ringostat = await startRingostatEmulator({ authKey: 'rs-key', projectId: 4242 });
  ringostat.emulator.seedStaff(sampleStaff());
  users.owner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
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
  dataDir = mkdtempSync(join(tmpdir(), 'ringo-staff-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    DATAVERSE_URL: org.url,
    DATAVERSE_TOKEN: 'static-token',
    RINGOSTAT_AUTH_KEY: 'rs-key',
    RINGOSTAT_PROJECT_ID: '4242',
    RINGO_DEFAULTOWNERID: users.owner,
  });
  let staff: { extensionForUser(id: string): string | undefined } | undefined;
  const started = await startReceiver(config, async (core) => {
    const extras = await processingExtension(core, core.config.dataverse, {
      ringostatBaseUrl: ringostat.url,
      worker: { pollIntervalMs: 50 },
    });
    staff = extras.staff;
    return extras;
  });
  receiver = Object.assign(started, staff ? { staff } : {});
  await until(async () => Boolean((await admin('GET', '/admin/ringostat/staff')).json.lastSuccessAt));
});

afterAll(async () => {
  await receiver.close();
  await ringostat.close();
  await org.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function admin(
  method: string,
  path: string,
  headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` },
) {
  const response = await fetch(`${receiver.url}${path}`, { method, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition never became true');
}

async function logged(event: string, body: Record<string, unknown>) {
  const response = await fetch(receiver.webhookUrls[event as 'after-call'], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  const call = () => org.emulator.rows('phonecall').find((row) => row.ringo_callid === body.uniqueid);
  await until(async () => call()?.statecode === 1);
  return call() as Record<string, unknown>;
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
    const { status, json } = await admin('GET', '/admin/ringostat/staff');
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
    expect(receiver.staff?.extensionForUser(users.ivan)).toBe('101');
    expect(receiver.staff?.extensionForUser(users.owner)).toBeUndefined();
  });

  it('a staff ID typed on a user takes effect at the next refresh', async () => {
    const patch = await fetch(`${org.url}/api/data/v9.2/systemusers(${users.owner})`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer static-token', 'content-type': 'application/json' },
      body: JSON.stringify({ ringo_ringostatstaffid: '333333' }),
    });
    expect(patch.status).toBe(204);
    const { json } = await admin('POST', '/admin/ringostat/staff/refresh');
    expect(json.counts).toEqual({ employees: 3, byStaffId: 1, byEmail: 2, unmatched: 0 });
  });

  it('the staff routes need the admin token; the settings page’s preflight does not', async () => {
    expect((await admin('GET', '/admin/ringostat/staff', {})).status).toBe(401);
    expect(
      (await admin('POST', '/admin/ringostat/staff/refresh', { authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    const preflight = await admin('OPTIONS', '/admin/ringostat/staff', {
      origin: 'https://contoso.crm4.dynamics.com',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('/metrics reports the directory', async () => {
    const text = await (await fetch(`${receiver.url}/metrics`)).text();
    expect(text).toMatch(/ringostat_staff_directory_employees\{matched_by="email"\} 2/);
  });
});
