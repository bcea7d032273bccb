import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startEmulatorServer } from '../../../emulators/dataverse/src';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createWebApiClient } from '../../../webhook-receiver/src/dataverse/web-api-client';
import { createWebApiContactDirectory } from '../../../webhook-receiver/src/dataverse/web-api-contact-directory';
import {
  createContactMatching,
  type ContactMatching,
} from '../../../webhook-receiver/src/directory/create-contact-matching';
import { buildApp } from '../../../webhook-receiver/src/http/app';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';
import { startProcessing, type Processing } from '../../../webhook-receiver/src/worker/start-processing';

jest.setTimeout(30_000);

/**
 * The whole receiver with the phone directory in front of the query lookup: Ringostat webhook over HTTP →
 * SQLite inbox → worker → Dataverse emulator. Proves the request budget and that a number typed
 * in an odd format in the CRM is matched instead of duplicated.
 */
describe('call processing with the phone directory', () => {
  const TOKEN = 'hook-token';
  let org: Awaited<ReturnType<typeof startEmulatorServer>>;
  let dir: string;
  let inbox: SqliteInbox;
  let matching: ContactMatching;
  let processing: Processing;
  let app: FastifyInstance;
  let url: string;
  let maria: string;
  let typedContact: string;

  beforeAll(async () => {
    org = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
    const owner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
    maria = org.emulator.insert('systemuser', {
      firstname: 'Марія',
      lastname: 'Коваль',
      internalemailaddress: 'maria@example.com',
    });
    typedContact = org.emulator.insert('contact', {
      lastname: 'Typed by hand',
      telephone2: '8 (067) 300-40-50 доб. 12, 044 111 22 33',
    });
    dir = mkdtempSync(join(tmpdir(), 'ringo-directory-pipeline-'));
    inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
    const logger = createLogger({ level: 'silent' });
    const registry = createMetricsRegistry();
    const getToken = async () => 'test-token';
    matching = createContactMatching({
      dataDir: dir,
      dataverseUrl: org.url,
      getToken,
      defaultCountry: 'UA',
      fallback: createWebApiContactDirectory(createWebApiClient({ url: org.url, getToken })),
      clock: systemClock,
      logger,
      registry,
      onDemandMinIntervalMs: 0,
    });
    await matching.start();
    processing = await startProcessing({
      dataverse: { url: org.url, staticToken: 'test-token' },
      overrides: { ringo_DefaultOwnerId: owner, ringo_Language: 'en' },
      inbox,
      logger,
      clock: systemClock,
      registry,
      contacts: matching.contacts,
      worker: { pollIntervalMs: 10, policy: { maxAttempts: 3, baseMs: 20, capMs: 100, jitter: 0 } },
    });
    app = await buildApp({
      config: { webhookToken: TOKEN, bodyLimitBytes: 1 << 20, timeZone: 'Europe/Kyiv', demo: false },
      inbox,
      clock: systemClock,
      logger,
      registry,
      plugins: [],
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await processing?.stop();
    await matching?.stop();
    inbox?.close();
    await org?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let serial = 0;
  async function afterCall(caller: string) {
    serial += 1;
    const uniqueid = `ua18_-1790000${serial}.${serial}`;
    const response = await fetch(`${url}/ringostat/after-call?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        uniqueid,
        calldate: '2026-03-02 14:05:11',
        call_type: 'in',
        caller,
        dst: '380441112233',
        disposition: 'ANSWERED',
        billsec: 30,
        duration: 40,
        employee_email: 'maria@example.com',
      }),
    });
    expect(response.status).toBe(200);
    for (let i = 0; i < 3000; i++) {
      const stats = inbox.stats(new Date());
      if (stats.pending === 0 && stats.processing === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return org.emulator.rows('phonecall').find((row) => row.ringo_callid === uniqueid);
  }

  test('a contact whose number was typed with the old 8, brackets, an extension and a second number is matched', async () => {
    const call = await afterCall('380673004050');

    expect(call).toMatchObject({ regardingobjectid: typedContact, ownerid: maria });
    expect(org.emulator.rows('contact')).toHaveLength(1);
  });

  test('a known contact costs one Dataverse request (the write), a new one two (a delta read and the write)', async () => {
    await afterCall('380673004050'); // warms the employee lookup
    org.emulator.resetRequestLog();
    await afterCall('380673004050');
    const known = org.emulator.requests().map((r) => r.method);

    org.emulator.resetRequestLog();
    const created = await afterCall('380509998877');
    const unknown = org.emulator.requests().map((r) => r.method);

    expect(known).toEqual(['POST']);
    expect(unknown).toEqual(['GET', 'POST']);
    expect(created?.regardingobjectid).toEqual(expect.any(String));
    expect(org.emulator.rows('contact')).toHaveLength(2);
  });

  test('the contact the receiver created is found at once for the next call, without a request', async () => {
    org.emulator.resetRequestLog();
    const call = await afterCall('380509998877');

    expect(org.emulator.requests().map((r) => r.method)).toEqual(['POST']);
    expect(org.emulator.rows('contact')).toHaveLength(2);
    expect(call?.regardingobjectid).toEqual(
      org.emulator.rows('contact').find((c) => c.mobilephone === '+380509998877')?.contactid,
    );
  });
});
