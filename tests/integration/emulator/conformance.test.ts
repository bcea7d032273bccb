import { MOUNTS, mountEmulator, type MountedEmulator } from './emulator-mounts';

/**
 * Replays the request/response examples of the Learn pages cited in notes/dataverse.md through both mounts:
 * create-entity-web-api.md, perform-conditional-operations-using-web-api.md, execute-batch-operations-using-web-api.md,
 * query/page-results.md and use-change-tracking-synchronize-data-external-systems.md.
 */
describe.each(MOUNTS)('Dataverse emulator conformance over %s', (kind) => {
  let dv: MountedEmulator;
  beforeAll(async () => {
    dv = await mountEmulator(kind);
  });
  afterAll(async () => dv.close());

  const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

  test('a create answers 204 with the new record URL in OData-EntityId', async () => {
    const r = await dv.call('contacts', {
      method: 'POST',
      body: JSON.stringify({ firstname: 'Olena', lastname: 'Koval' }),
    });
    expect(r.status).toBe(204);
    const id = /contacts\(([0-9a-f-]{36})\)$/.exec(r.headers.get('OData-EntityId') ?? '')?.[1];
    expect(id).toBeDefined();
    const row = dv.emulator.rows('contact').find((c) => c.contactid === id);
    expect(row).toMatchObject({
      fullname: 'Olena Koval',
      ownerid: dv.emulator.whoAmI().UserId,
      statecode: 0,
    });
  });

  test('Prefer return=representation answers 201 with the created record', async () => {
    const r = await dv.call('contacts?$select=fullname,telephone1', {
      method: 'POST',
      prefer: 'return=representation',
      body: JSON.stringify({ lastname: 'Bondar', telephone1: '+380441234567' }),
    });
    expect(r.status).toBe(201);
    const body = await json(r);
    expect(body['@odata.context']).toContain('$metadata#contacts');
    expect(body).toMatchObject({ fullname: 'Bondar', telephone1: '+380441234567' });
    expect(body['@odata.etag']).toMatch(/^W\/"\d+"$/);
  });

  test('upsert with If-None-Match: * on an existing record is refused with 412', async () => {
    const id = dv.emulator.insert('contact', { lastname: 'Existing' });
    const r = await dv.call(`contacts(${id})`, {
      method: 'PATCH',
      headers: { 'If-None-Match': '*' },
      body: JSON.stringify({ lastname: 'Other' }),
    });
    expect(r.status).toBe(412);
    expect(await json(r)).toEqual({
      error: { code: '0x80040237', message: 'A record with matching key values already exists.' },
    });
    expect(dv.emulator.rows('contact').find((c) => c.contactid === id)?.lastname).toBe('Existing');
  });

  test('update with If-Match: * on a missing record answers 404 and creates nothing', async () => {
    const id = '00000000-0000-0000-0000-0000000000aa';
    const r = await dv.call(`contacts(${id})`, {
      method: 'PATCH',
      headers: { 'If-Match': '*' },
      body: JSON.stringify({ lastname: 'Ghost' }),
    });
    expect(r.status).toBe(404);
    expect((await json(r)).error).toEqual({
      code: '0x80040217',
      message: `contact With Id = ${id} Does Not Exist`,
    });
    expect(dv.emulator.rows('contact').some((c) => c.contactid === id)).toBe(false);
  });

  test('a $batch change set creates a phone call and completes it through a Content-ID reference', async () => {
    const contactId = dv.emulator.insert('contact', { lastname: 'Batch' });
    const body = [
      '--batch_AAA123',
      'Content-Type: multipart/mixed; boundary="changeset_BBB456"',
      '',
      '--changeset_BBB456',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/phonecalls HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      JSON.stringify({
        subject: 'Inbound call',
        ringo_callid: `batch-${kind}`,
        directioncode: false,
        'regardingobjectid_contact_phonecall@odata.bind': `/contacts(${contactId})`,
        phonecall_activity_parties: [
          { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${contactId})` },
        ],
      }),
      '--changeset_BBB456',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'PATCH $1 HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"statecode":1,"statuscode":4}',
      '--changeset_BBB456--',
      '--batch_AAA123--',
      '',
    ].join('\r\n');
    const r = await dv.call('$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary="batch_AAA123"' },
      body,
    });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(r.headers.get('Content-Type')).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(text).toMatch(/boundary=changesetresponse_/);
    expect(text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(2);
    expect(text).toContain('Content-ID: 1');
    const call = dv.emulator.rows('phonecall').find((p) => p.ringo_callid === `batch-${kind}`);
    expect(call).toMatchObject({
      statecode: 1,
      statuscode: 4,
      regardingobjectid: contactId,
      directioncode: false,
    });
    const parties = dv.emulator.rows('activityparty').filter((p) => p.activityid === call?.activityid);
    expect(parties).toEqual([
      expect.objectContaining({ participationtypemask: 1, partyid: contactId, partyidtype: 'contact' }),
    ]);
  });

  test('a failing request rolls the whole change set back', async () => {
    const before = dv.emulator.rows('contact').length;
    const body = [
      '--batch_R',
      'Content-Type: multipart/mixed; boundary=changeset_R',
      '',
      '--changeset_R',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/contacts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"lastname":"Rolled back"}',
      '--changeset_R',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST /api/data/v9.2/contacts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"nosuchcolumn":1}',
      '--changeset_R--',
      '--batch_R--',
      '',
    ].join('\r\n');
    const r = await dv.call('$batch', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/mixed; boundary=batch_R' },
      body,
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Could not find a property named 'nosuchcolumn'");
    expect(dv.emulator.rows('contact')).toHaveLength(before);
  });

  test('paging with odata.maxpagesize follows @odata.nextLink to the last page', async () => {
    for (let i = 0; i < 5; i++) dv.emulator.insert('team', { name: `Team ${i}` });
    const seen: string[] = [];
    let next: string | undefined = 'teams?$select=name&$orderby=name asc';
    let pages = 0;
    while (next) {
      const r = await dv.call(next, { prefer: 'odata.maxpagesize=2' });
      expect(r.status).toBe(200);
      const body = await json(r);
      for (const t of body.value as Array<{ name: string }>) seen.push(t.name);
      next = body['@odata.nextLink'] as string | undefined;
      if (next) expect(next).toContain('$skiptoken=');
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['Team 0', 'Team 1', 'Team 2', 'Team 3', 'Team 4']);
  });

  test('an Xrm.WebApi-style call log query pages by nextLink with the same maxpagesize', async () => {
    const contact = dv.emulator.insert('contact', { lastname: 'Log' });
    for (let i = 1; i <= 3; i++)
      dv.emulator.insert('phonecall', {
        subject: `Call ${i}`,
        regardingobjectid: contact,
        actualstart: `2024-05-0${i}T10:00:00Z`,
      });
    // Xrm.WebApi.retrieveMultipleRecords('phonecall', options, 2) sends this URL and Prefer header.
    const options = `?$select=subject,actualstart,_regardingobjectid_value&$filter=_regardingobjectid_value eq ${contact}&$orderby=actualstart desc`;
    const first = await json(await dv.call(`phonecalls${options}`, { prefer: 'odata.maxpagesize=2' }));
    const firstPage = (first.value as Array<{ subject: string }>).map((p) => p.subject);
    const nextLink = first['@odata.nextLink'] as string;
    const second = await json(await dv.call(nextLink, { prefer: 'odata.maxpagesize=2' }));
    expect(firstPage).toEqual(['Call 3', 'Call 2']);
    expect((second.value as Array<{ subject: string }>).map((p) => p.subject)).toEqual(['Call 1']);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  test('change tracking returns a delta link, then changed rows and deleted ones', async () => {
    const keep = dv.emulator.insert('contact', { lastname: 'Keep' });
    const gone = dv.emulator.insert('contact', { lastname: 'Gone' });
    const first = await dv.call('contacts?$select=lastname', { prefer: 'odata.track-changes' });
    expect(first.headers.get('Preference-Applied')).toBe('odata.track-changes');
    const deltaLink = (await json(first))['@odata.deltaLink'] as string;
    expect(deltaLink).toContain('$deltatoken=');
    await dv.call(`contacts(${keep})`, { method: 'PATCH', body: JSON.stringify({ lastname: 'Kept' }) });
    await dv.call(`contacts(${gone})`, { method: 'DELETE' });
    const delta = await json(await dv.call(deltaLink));
    expect(delta['@odata.context']).toMatch(/\$metadata#contacts\(lastname\)\/\$delta$/);
    const value = delta.value as Array<Record<string, unknown>>;
    expect(value[0]).toMatchObject({ contactid: keep, lastname: 'Kept' });
    expect(value[value.length - 1]).toEqual({
      '@odata.context': `${dv.api}$metadata#contacts/$deletedEntity`,
      id: gone,
      reason: 'deleted',
    });
    expect(delta['@odata.deltaLink']).toContain('$deltatoken=');
  });

  test('change tracking pages share one watermark and only the last page carries the delta link', async () => {
    const existing = dv.emulator.rows('contact').length;
    for (let i = 0; i < 3; i++) dv.emulator.insert('contact', { lastname: `Tracked ${i}` });
    const total = existing + 3;
    const seen: string[] = [];
    let next: string | undefined = 'contacts?$select=lastname';
    let deltaLink: string | undefined;
    let pages = 0;
    while (next) {
      const body = await json(await dv.call(next, { prefer: 'odata.track-changes,odata.maxpagesize=2' }));
      for (const c of body.value as Array<{ contactid: string }>) seen.push(c.contactid);
      if (pages === 0) dv.emulator.insert('contact', { lastname: 'Arrived while paging' });
      next = body['@odata.nextLink'] as string | undefined;
      deltaLink = body['@odata.deltaLink'] as string | undefined;
      if (next) expect(deltaLink).toBeUndefined();
      pages++;
    }
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));
    const delta = await json(
      await dv.call(deltaLink ?? '', { prefer: 'odata.track-changes,odata.maxpagesize=2' }),
    );
    expect(delta.value).toEqual([expect.objectContaining({ lastname: 'Arrived while paging' })]);
  });

  test('change tracking refuses $filter with the documented message', async () => {
    const r = await dv.call("contacts?$select=lastname&$filter=lastname eq 'x'", {
      prefer: 'odata.track-changes',
    });
    expect(r.status).toBe(400);
    expect((await json(r)).error).toMatchObject({
      message: 'The "$filter" query parameter isn\'t supported when Change Tracking is enabled.',
    });
  });

  test('a request without a bearer token is rejected with 401', async () => {
    const r = await dv.call('contacts', { headers: { Authorization: '' } });
    expect(r.status).toBe(401);
  });
});
