import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataverseEmulator, loadProductSolution } from '../../../emulators/dataverse/src/index';
import { emulatorClient, ORG } from './emulator-client';

describe('queries', () => {
  test('$select, $orderby, $top and $count shape the collection', async () => {
    const dv = await emulatorClient();
    for (const name of ['Charlie', 'alpha', 'Bravo']) dv.emulator.insert('contact', { lastname: name });
    const r = await dv.json('GET', 'contacts?$select=lastname&$orderby=lastname desc&$top=2&$count=true');
    expect(r.body['@odata.count']).toBe(3);
    expect(r.body.value.map((c: { lastname: string }) => c.lastname)).toEqual(['Charlie', 'Bravo']);
    expect(Object.keys(r.body.value[0]).sort()).toEqual(['@odata.etag', 'contactid', 'lastname']);
  });

  test('equality filters answered through the column index follow updates and compare case-insensitively', async () => {
    const dv = await emulatorClient();
    const id = dv.emulator.insert('contact', {
      lastname: 'K',
      mobilephone: '+380501111111',
      emailaddress1: 'A@x.ua',
    });
    const query = (filter: string) =>
      dv.json('GET', `contacts?$select=lastname&$filter=${encodeURIComponent(filter)}`);
    expect(
      (await query("emailaddress1 eq 'a@X.UA' or telephone1 eq '+380501111111'")).body.value,
    ).toHaveLength(1);
    await dv.send('PATCH', `contacts(${id})`, { mobilephone: '+380502222222' });
    expect((await query("mobilephone eq '+380501111111'")).body.value).toHaveLength(0);
    expect((await query("mobilephone eq '+380502222222' and lastname eq 'k'")).body.value).toHaveLength(1);
  });

  test('a max page size above 5,000 is ignored rather than honoured', async () => {
    const dv = await emulatorClient();
    const r = await dv.send('GET', 'contacts?$select=lastname', undefined, {
      Prefer: 'odata.maxpagesize=6000',
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('Preference-Applied')).toBeNull();
  });

  test('lookups read as _x_value and expand to the related rows', async () => {
    const dv = await emulatorClient();
    const contact = dv.emulator.insert('contact', { firstname: 'Ira', lastname: 'K' });
    const call = dv.emulator.insert('phonecall', { subject: 'c', regardingobjectid: contact });
    const r = await dv.json(
      'GET',
      `phonecalls(${call})?$select=subject,_regardingobjectid_value,_ownerid_value&$expand=regardingobjectid_contact_phonecall($select=fullname),ownerid($select=fullname)`,
      undefined,
      { Prefer: 'odata.include-annotations="*"' },
    );
    expect(r.body).toMatchObject({
      _regardingobjectid_value: contact,
      '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      '_regardingobjectid_value@OData.Community.Display.V1.FormattedValue': 'Ira K',
      regardingobjectid_contact_phonecall: { fullname: 'Ira K', contactid: contact },
      ownerid: { fullname: '# Ringostat Integration' },
    });
  });

  test('a collection-valued navigation property can be read as a collection', async () => {
    const dv = await emulatorClient();
    const contact = dv.emulator.insert('contact', { lastname: 'K' });
    dv.emulator.insert('phonecall', { subject: 'one', regardingobjectid: contact });
    dv.emulator.insert('phonecall', { subject: 'other' });
    const r = await dv.json('GET', `contacts(${contact})/Contact_Phonecalls?$select=subject`);
    expect(r.body.value.map((p: { subject: string }) => p.subject)).toEqual(['one']);
  });

  test('expanded collections take their own $select, $filter and $orderby', async () => {
    const dv = await emulatorClient();
    const contact = dv.emulator.insert('contact', { lastname: 'C' });
    const user = dv.emulator.whoAmI().UserId;
    const call = dv.emulator.insert('phonecall', { subject: 'c' });
    dv.emulator.insert('activityparty', { activityid: call, partyid: contact, participationtypemask: 1 });
    dv.emulator.insert('activityparty', { activityid: call, partyid: user, participationtypemask: 2 });
    const r = await dv.json(
      'GET',
      `phonecalls(${call})?$select=subject&$expand=phonecall_activity_parties($select=_partyid_value;$filter=participationtypemask eq 2;$orderby=participationtypemask desc)`,
    );
    expect(r.body.phonecall_activity_parties).toEqual([expect.objectContaining({ _partyid_value: user })]);
    expect(Object.keys(r.body.phonecall_activity_parties[0]).sort()).toEqual([
      '@odata.etag',
      '_partyid_value',
      'activitypartyid',
    ]);
  });

  test('a lookup column selected by its logical name is an unknown property', async () => {
    const dv = await emulatorClient();
    const r = await dv.json('GET', 'phonecalls?$select=regardingobjectid');
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: '0x0',
      message:
        "Could not find a property named 'regardingobjectid' on type 'Microsoft.Dynamics.CRM.phonecall'.",
    });
  });

  test.each([
    ['contacts?$apply=groupby((lastname))', "'$apply'"],
    ['contacts?fetchXml=%3Cfetch%2F%3E', 'fetchXml'],
    ['contacts(00000000-0000-0000-0000-000000000001)/fullname', 'path segment'],
  ])('%s answers 501 naming what is unsupported', async (path, named) => {
    const dv = await emulatorClient();
    const r = await dv.json('GET', path);
    expect(r.status).toBe(501);
    expect(r.body.error.message).toContain(named);
  });

  test('$count as a path segment answers the number of matching rows as text', async () => {
    const dv = await emulatorClient();
    for (const name of ['a', 'b', 'c']) dv.emulator.insert('team', { name });
    const r = await dv.send('GET', "teams/$count?$filter=name ne 'b'");
    expect(r.headers.get('Content-Type')).toBe('text/plain');
    expect(await r.text()).toBe('2');
  });

  test('$metadata is refused as unsupported rather than answered wrongly', async () => {
    const dv = await emulatorClient();
    expect((await dv.json('GET', '$metadata')).status).toBe(501);
  });

  test('$skip is refused as Dataverse does', async () => {
    const dv = await emulatorClient();
    expect((await dv.json('GET', 'contacts?$skip=2')).status).toBe(400);
  });

  test('an unknown entity set is a 404 naming the segment', async () => {
    const dv = await emulatorClient();
    expect(await dv.json('GET', 'Contact')).toEqual({
      status: 404,
      body: { error: { code: '0x8006088a', message: "Resource not found for the segment 'Contact'." } },
    });
  });

  test('WhoAmI names the seeded application user', async () => {
    const dv = await emulatorClient();
    const r = await dv.json('GET', 'WhoAmI()');
    expect(r.body.UserId).toBe(dv.emulator.whoAmI().UserId);
    expect(dv.emulator.rows('systemuser').map((u) => u.systemuserid)).toContain(r.body.UserId);
  });

  test('an expired delta token asks the client for a full sync', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const dv = await emulatorClient({ now: () => now });
    const first = await dv.json('GET', 'contacts?$select=lastname', undefined, {
      Prefer: 'odata.track-changes',
    });
    now = new Date('2026-01-09T00:00:00Z');
    const r = await dv.json('GET', first.body['@odata.deltaLink']);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('0x80044352');
  });
});

describe('service protection and faults', () => {
  test('beyond maxConcurrency a request gets 429 with Retry-After', async () => {
    const dv = await emulatorClient({ maxConcurrency: 1, latencyMs: 30 });
    const first = dv.send('GET', 'contacts');
    const second = await dv.json('GET', 'contacts');
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('0x80072326');
    expect((await first).status).toBe(200);
  });

  test('the request window refuses the request over the limit until the window moves on', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const dv = await emulatorClient({ now: () => now, requestWindow: { limit: 2, windowMs: 60_000 } });
    expect((await dv.send('GET', 'contacts')).status).toBe(200);
    expect((await dv.send('GET', 'contacts')).status).toBe(200);
    const limited = await dv.send('GET', 'contacts');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    now = new Date('2026-01-01T00:01:00Z');
    expect((await dv.send('GET', 'contacts')).status).toBe(200);
  });

  test('injected faults follow the configured kinds and can be switched off at run time', async () => {
    const dv = await emulatorClient({ faults: { rate: 1, kinds: ['503'] } });
    expect((await dv.send('GET', 'contacts')).status).toBe(503);
    dv.emulator.configure({ faults: { rate: 1, kinds: ['reset'] } });
    expect((await dv.send('GET', 'contacts')).type).toBe('error');
    dv.emulator.configure({ faults: { rate: 0 } });
    expect((await dv.send('GET', 'contacts')).status).toBe(200);
    expect(dv.emulator.requests().map((r) => r.status)).toEqual([503, 0, 200]);
  });

  test('a timeout fault stalls for timeoutMs and then answers 408', async () => {
    const dv = await emulatorClient({ faults: { rate: 1, kinds: ['timeout'], timeoutMs: 1 } });
    expect((await dv.send('GET', 'contacts')).status).toBe(408);
  });

  test('seeding an unknown column fails loudly', async () => {
    const dv = await emulatorClient({ solution: 'none' });
    expect(() => dv.emulator.insert('contact', { ringo_createdbyringostat: true })).toThrow(
      'Cannot seed contact.ringo_createdbyringostat: no such column.',
    );
    expect(() => dv.emulator.insert('lead', {})).toThrow("Cannot seed 'lead'");
  });

  test('the request log records batch sizes and can be reset', async () => {
    const dv = await emulatorClient();
    await dv.send('GET', 'contacts');
    dv.emulator.resetRequestLog();
    await dv.send(
      'POST',
      '$batch',
      [
        '--b',
        'Content-Type: application/http',
        '',
        'GET /api/data/v9.2/contacts HTTP/1.1',
        '',
        '',
        '--b--',
        '',
      ].join('\r\n'),
      { 'Content-Type': 'multipart/mixed; boundary=b' },
    );
    expect(dv.emulator.requests()).toEqual([
      { at: expect.any(Number), method: 'POST', url: `${ORG}$batch`, status: 200, batchParts: 1 },
    ]);
  });
});

describe('snapshot file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dv-snapshot-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  test('rows and the imported solution survive a restart', async () => {
    const snapshotFile = join(dir, 'org.json');
    const first = await createDataverseEmulator({ snapshotFile });
    const id = first.insert('contact', { lastname: 'Persisted', ringo_createdbyringostat: true });
    const second = await createDataverseEmulator({ snapshotFile });
    expect(second.rows('contact').find((c) => c.contactid === id)).toMatchObject({
      ringo_createdbyringostat: true,
    });
    expect(second.whoAmI()).toEqual(first.whoAmI());
  });

  test('a solution imported into a bare org is imported again when the snapshot is loaded', async () => {
    const snapshotFile = join(dir, 'bare.json');
    const first = await createDataverseEmulator({ snapshotFile, solution: 'none' });
    const zip = (await loadProductSolution()).zip;
    const r = await first.handle(
      new Request(`${ORG}ImportSolutionAsync`, {
        method: 'POST',
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          CustomizationFile: Buffer.from(zip).toString('base64'),
          OverwriteUnmanagedCustomizations: false,
          PublishWorkflows: true,
        }),
      }),
    );
    expect(r.status).toBe(200);
    first.insert('phonecall', { subject: 'kept', ringo_callid: 'snap-1', statecode: 1, statuscode: 2 });
    const second = await createDataverseEmulator({ snapshotFile, solution: 'none' });
    expect(second.rows('phonecall')).toEqual([
      expect.objectContaining({ ringo_callid: 'snap-1', statecode: 1 }),
    ]);
    expect(second.rows('asyncoperation')).toEqual([expect.objectContaining({ statuscode: 30 })]);
  });
});
