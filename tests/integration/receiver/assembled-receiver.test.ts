import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { startRingostatEmulator } from '../../../emulators/ringostat/src/start-ringostat-emulator';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

/**
 * The receiver as server.ts assembles it from the environment: intake, phone directory, worker, the
 * Ringostat side (contact-book sync) and the admin API, against both emulators over real HTTP.
 */
const TOKEN = 'assembled-hook-token';
const ADMIN = 'assembled-admin-token';
const APP_ID = '0f8c7a1e-1111-4222-8333-944455556666';

let org: Awaited<ReturnType<typeof startEmulatorServer>>;
let ringostat: Awaited<ReturnType<typeof startRingostatEmulator>>;
let receiver: RunningReceiver;
let dataDir: string;

beforeAll(async () => {
  org = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  ringostat = await startRingostatEmulator({ authKey: 'rs-key', projectId: 4242 });
  const owner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
  org.emulator.insert('contact', {
    firstname: 'Known',
    lastname: 'Client',
    telephone1: '+380 (67) 555-44-33',
  });
  dataDir = mkdtempSync(join(tmpdir(), 'ringo-assembled-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    DATAVERSE_URL: org.url,
    DATAVERSE_TOKEN: 'static-token',
    DATAVERSE_APP_ID: APP_ID,
    RINGOSTAT_AUTH_KEY: 'rs-key',
    RINGOSTAT_PROJECT_ID: '4242',
    RINGO_DEFAULTOWNERID: owner,
  });
  receiver = await startReceiver(config, (core) =>
    processingExtension(core, core.config.dataverse, {
      ringostatBaseUrl: ringostat.url,
      // A minute: every event below is found because the intake wakes the worker when it commits one.
      worker: { pollIntervalMs: 60_000 },
    }),
  );
});

afterAll(async () => {
  await receiver.close();
  await ringostat.close();
  await org.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function afterCall(uniqueid: string, caller: string): Promise<number> {
  const response = await fetch(receiver.webhookUrls['after-call'], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      uniqueid,
      calldate: '2026-03-02 14:05:11',
      caller,
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: 30,
      duration: 40,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a call from a new number lands in Smart CRM and its contact appears in the Smart Phone contact book with the card link', async () => {
  const id = await afterCall('assembled-1', '380501234567');
  await until(() => receiver.inbox.get(id)?.status === 'done');
  const contact = org.emulator.rows('contact').find((row) => row.mobilephone === '+380501234567');
  expect(contact).toBeDefined();
  await until(() => ringostat.emulator.contactBook().size === 1);
  const entry = [...ringostat.emulator.contactBook().values()][0]!;
  expect(entry.externalId).toBe(contact!.contactid);
  expect(entry.contactLink).toBe(
    `${org.url}/main.aspx?pagetype=entityrecord&etn=contact&id=${String(contact!.contactid)}&appid=${APP_ID}`,
  );
  expect(entry.contactDirections).toEqual([
    expect.objectContaining({ type: 'phone', value: '+380501234567' }),
  ]);
});

test('a call to a contact whose number is stored in a local format is matched through the phone directory', async () => {
  const id = await afterCall('assembled-2', '380675554433');
  await until(() => receiver.inbox.get(id)?.status === 'done');
  expect(
    org.emulator.rows('contact').filter((row) => String(row.telephone1 ?? '').includes('555-44-33')),
  ).toHaveLength(1);
  expect(org.emulator.rows('contact')).toHaveLength(2);
  const ready = (await (
    await fetch(`${receiver.url}/admin/readiness`, { headers: { authorization: `Bearer ${ADMIN}` } })
  ).json()) as { checks: Record<string, unknown> };
  expect(ready.checks.contactLookup).toEqual(expect.objectContaining({ lookup: 'directory' }));
});

test('the admin API lists numbers shared by several contacts and the Ringostat side status', async () => {
  const headers = { authorization: `Bearer ${ADMIN}` };
  const ambiguous = await fetch(`${receiver.url}/admin/ambiguous-numbers`, { headers });
  expect(ambiguous.status).toBe(200);
  const status = (await (await fetch(`${receiver.url}/admin/ringostat`, { headers })).json()) as {
    enabled: boolean;
  };
  expect(status.enabled).toBe(true);
  expect((await fetch(`${receiver.url}/admin/ringostat`)).status).toBe(401);
});

test('the worker is woken by the intake and /metrics shows the shared Dataverse request limiter', async () => {
  const id = await afterCall('assembled-3', '380501112299');
  await until(() => receiver.inbox.get(id)?.status === 'done');
  const metrics = await (await fetch(`${receiver.url}/metrics`)).text();
  expect(metrics).toMatch(/^dataverse_requests_in_flight \d+$/m);
  expect(metrics).toMatch(/^dataverse_requests_waiting \d+$/m);
});

test('another call to a known contact costs no Dataverse read for the contact book when nothing changed', async () => {
  await until(() => ringostat.emulator.contactBook().size >= 2); // the earlier call's push has landed
  org.emulator.resetRequestLog();
  const id = await afterCall('assembled-4', '380675554433');
  await until(() => receiver.inbox.get(id)?.status === 'done');
  await new Promise((resolve) => setTimeout(resolve, 100)); // the contact-book hook runs after the call
  const reads = org.emulator.requests().filter((r) => r.method === 'GET' && r.url.includes('/contacts('));
  expect(reads).toEqual([]);
});
