import { emulatorClient, type EmulatorClient } from './emulator-client';

/** The Dataverse rules the product depends on (notes/dataverse.md §1–§3). */
describe('Dataverse emulator record rules', () => {
  let dv: EmulatorClient;
  beforeEach(async () => {
    dv = await emulatorClient();
  });

  const createCall = async (body: Record<string, unknown>) => {
    const r = await dv.send('POST', 'phonecalls', body);
    expect(r.status).toBe(204);
    return /\(([^)]+)\)$/.exec(r.headers.get('OData-EntityId') ?? '')?.[1] ?? '';
  };

  test('statecode is ignored on create, so a new phone call is Open', async () => {
    const id = await createCall({ subject: 'x', statecode: 1 });
    expect(dv.emulator.rows('phonecall').find((p) => p.activityid === id)).toMatchObject({
      statecode: 0,
      statuscode: 1,
    });
  });

  test('a statuscode of a closed state is refused on create', async () => {
    const r = await dv.json('POST', 'phonecalls', { subject: 'x', statuscode: 4 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(
      /^4 is not a valid status code for state code PhoneCallState\.Open on phonecall/,
    );
  });

  test('directioncode defaults to Outgoing and the owner to the calling user', async () => {
    const id = await createCall({ subject: 'x' });
    expect(dv.emulator.rows('phonecall').find((p) => p.activityid === id)).toMatchObject({
      directioncode: true,
      ownerid: dv.emulator.whoAmI().UserId,
      activitytypecode: 'phonecall',
    });
  });

  test('a closed phone call is read-only: a field update is refused', async () => {
    const id = await createCall({ subject: 'x' });
    expect((await dv.send('PATCH', `phonecalls(${id})`, { statecode: 1, statuscode: 2 })).status).toBe(204);
    const r = await dv.json('PATCH', `phonecalls(${id})`, { subject: 'changed' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('Cannot update Closed or Cancelled Activity');
    expect(dv.emulator.rows('phonecall')[0]?.subject).toBe('x');
  });

  test('closing sets actualend when it was empty', async () => {
    dv.emulator.configure({ now: () => new Date('2026-01-02T03:04:05.678Z') });
    const id = await createCall({ subject: 'x' });
    await dv.send('PATCH', `phonecalls(${id})`, { statecode: 1, statuscode: 4 });
    expect(dv.emulator.rows('phonecall')[0]?.actualend).toBe('2026-01-02T03:04:05Z');
  });

  test('a closed phone call accepts its own state again and can be reopened by a state-only update', async () => {
    const id = await createCall({ subject: 'x' });
    await dv.send('PATCH', `phonecalls(${id})`, { statecode: 1, statuscode: 4 });
    expect((await dv.send('PATCH', `phonecalls(${id})`, { statecode: 1, statuscode: 4 })).status).toBe(204);
    expect((await dv.send('PATCH', `phonecalls(${id})`, { statecode: 0 })).status).toBe(204);
    expect(dv.emulator.rows('phonecall')[0]).toMatchObject({ statecode: 0, statuscode: 1 });
    expect((await dv.send('PATCH', `phonecalls(${id})`, { subject: 'editable again' })).status).toBe(204);
  });

  test('a mismatched state and status pair is refused', async () => {
    const id = await createCall({ subject: 'x' });
    const r = await dv.json('PATCH', `phonecalls(${id})`, { statecode: 2, statuscode: 4 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(
      '4 is not a valid status code for state code PhoneCallState.Canceled',
    );
  });

  test('a duplicate alternate key value is refused with 412 0x80060892', async () => {
    await createCall({ subject: 'a', ringo_callid: 'dup' });
    const r = await dv.json('POST', 'phonecalls', { subject: 'b', ringo_callid: 'DUP' });
    expect(r.status).toBe(412);
    expect(r.body.error.code).toBe('0x80060892');
    expect(r.body.error.message).toContain('ringo_callid_key');
  });

  test('an unknown column is refused with the Web API error shape', async () => {
    const r = await dv.json('POST', 'contacts', { lastname: 'x', nickname: 'y' });
    expect(r).toEqual({
      status: 400,
      body: {
        error: {
          code: '0x80060888',
          message: "Could not find a property named 'nickname' on type 'Microsoft.Dynamics.CRM.contact'.",
        },
      },
    });
  });

  test('text longer than the column allows is refused', async () => {
    const r = await dv.json('POST', 'contacts', { lastname: 'x'.repeat(51) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('0x80044331');
  });

  test('fullname follows first and last name and cannot be written', async () => {
    const r = await dv.send('POST', 'contacts', {
      firstname: 'Taras',
      lastname: 'Melnyk',
      fullname: 'ignored',
    });
    const id = /\(([^)]+)\)$/.exec(r.headers.get('OData-EntityId') ?? '')?.[1];
    await dv.send('PATCH', `contacts(${id})`, { lastname: 'Shevchenko' });
    expect(dv.emulator.rows('contact').find((c) => c.contactid === id)?.fullname).toBe('Taras Shevchenko');
  });

  test('ownerid binds to a team, and a bind to the wrong table or a missing row is refused', async () => {
    const team = dv.emulator.insert('team', { name: 'Sales' });
    const contact = dv.emulator.insert('contact', { lastname: 'x' });
    expect(
      (await dv.send('PATCH', `contacts(${contact})`, { 'ownerid@odata.bind': `/teams(${team})` })).status,
    ).toBe(204);
    expect(dv.emulator.rows('contact')[0]).toMatchObject({ ownerid: team, owneridtype: 'team' });
    const wrong = await dv.json('PATCH', `contacts(${contact})`, {
      'ownerid@odata.bind': `/contacts(${contact})`,
    });
    expect(wrong.status).toBe(400);
    const missing = await dv.json('PATCH', `contacts(${contact})`, {
      'ownerid@odata.bind': '/systemusers(00000000-0000-0000-0000-000000000001)',
    });
    expect(missing.status).toBe(404);
  });

  test('deleting a phone call removes its activity parties', async () => {
    const contact = dv.emulator.insert('contact', { lastname: 'x' });
    const id = await createCall({
      subject: 'x',
      phonecall_activity_parties: [
        { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${contact})` },
        {
          participationtypemask: 2,
          'partyid_systemuser@odata.bind': `/systemusers(${dv.emulator.whoAmI().UserId})`,
        },
      ],
    });
    expect(
      dv.emulator
        .rows('activityparty')
        .map((p) => p.participationtypemask)
        .sort(),
    ).toEqual([1, 2]);
    expect((await dv.send('DELETE', `phonecalls(${id})`)).status).toBe(204);
    expect(dv.emulator.rows('activityparty')).toEqual([]);
    expect((await dv.send('DELETE', `phonecalls(${id})`)).status).toBe(404);
  });

  test('GET with the current ETag answers 304 and a stale If-Match is refused', async () => {
    const id = dv.emulator.insert('contact', { lastname: 'x' });
    const first = await dv.send('GET', `contacts(${id})?$select=lastname`);
    const etag = first.headers.get('ETag') ?? '';
    expect(
      (await dv.send('GET', `contacts(${id})?$select=lastname`, undefined, { 'If-None-Match': etag })).status,
    ).toBe(304);
    await dv.send('PATCH', `contacts(${id})`, { lastname: 'y' });
    const stale = await dv.json('PATCH', `contacts(${id})`, { lastname: 'z' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
  });
});

describe('phone call key states', () => {
  test("with phonecallKey 'missing' there is no key: addressing by ringo_callid fails and duplicates are allowed", async () => {
    const dv = await emulatorClient({ phonecallKey: 'missing' });
    const keys = await dv.json('GET', "EntityDefinitions(LogicalName='phonecall')/Keys");
    expect(keys.body.value).toEqual([]);
    const r = await dv.json('PATCH', "phonecalls(ringo_callid='x')", { subject: 'x' });
    expect(r.status).toBe(400);
    expect((await dv.send('POST', 'phonecalls', { subject: 'a', ringo_callid: 'same' })).status).toBe(204);
    expect((await dv.send('POST', 'phonecalls', { subject: 'b', ringo_callid: 'same' })).status).toBe(204);
  });

  test("with phonecallKey 'pending' the key is reported Pending and cannot address records yet", async () => {
    const dv = await emulatorClient({ phonecallKey: 'pending' });
    const def = await dv.json(
      'GET',
      "EntityDefinitions(LogicalName='phonecall')?$select=LogicalName&$expand=Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)",
    );
    expect(def.body.Keys[0]).toMatchObject({
      SchemaName: 'ringo_callid_key',
      EntityKeyIndexStatus: 'Pending',
    });
    const r = await dv.json('GET', "phonecalls(ringo_callid='x')");
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('not active');
  });
});
