import { DynamicsWebApi } from 'dynamics-web-api';
import { toDataverseError } from '../../../webhook-receiver/src/dataverse/dataverse-error';
import { mountEmulator, type MountedEmulator } from './emulator-mounts';

/** The receiver's client library against the emulator (msw intercepts its Node https requests). */
describe('dynamics-web-api against the Dataverse emulator', () => {
  let dv: MountedEmulator;
  let client: DynamicsWebApi;
  beforeAll(async () => {
    dv = await mountEmulator('msw');
    client = new DynamicsWebApi({ serverUrl: dv.orgUrl, onTokenRefresh: async () => 'token' });
  });
  afterAll(async () => dv.close());

  test('create returns the new id and the row is stored with the caller as owner', async () => {
    const id = await client.create<Record<string, unknown>, string>({
      collection: 'contacts',
      data: { lastname: '+380501112233', mobilephone: '+380501112233', ringo_createdbyringostat: true },
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(dv.emulator.rows('contact').find((c) => c.contactid === id)).toMatchObject({
      ringo_createdbyringostat: true,
      ownerid: dv.emulator.whoAmI().UserId,
      owneridtype: 'systemuser',
    });
  });

  test('upsert by the ringo_callid key creates once and then updates the same phone call', async () => {
    const key = "ringo_callid='dwa-1'";
    await client.upsert({ collection: 'phonecalls', key, data: { subject: 'first' } });
    await client.upsert({ collection: 'phonecalls', key, data: { subject: 'second' } });
    const calls = dv.emulator.rows('phonecall').filter((p) => p.ringo_callid === 'dwa-1');
    expect(calls).toEqual([expect.objectContaining({ subject: 'second', directioncode: true })]);
  });

  test('upsert with ifnonematch on an existing key is an outcome (null), not a write', async () => {
    const result = await client.upsert({
      collection: 'phonecalls',
      key: "ringo_callid='dwa-1'",
      ifnonematch: '*',
      data: { subject: 'x' },
    });
    expect(result).toBeNull();
    expect(dv.emulator.requests().at(-1)?.status).toBe(412);
    expect(dv.emulator.rows('phonecall').find((p) => p.ringo_callid === 'dwa-1')?.subject).toBe('second');
  });

  test('retrieveMultiple filters on a phone column and returns formatted values', async () => {
    dv.emulator.insert('contact', { firstname: 'Iryna', lastname: "O'Neil", mobilephone: '+380671234567' });
    const result = await client.retrieveMultiple<Record<string, unknown>>({
      collection: 'contacts',
      select: ['fullname', 'mobilephone', 'statecode'],
      filter: "mobilephone eq '+380671234567' and startswith(lastname,'o''n')",
      includeAnnotations: 'OData.Community.Display.V1.FormattedValue',
    });
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({ fullname: "Iryna O'Neil", statecode: 0 });
    expect(result.value[0]?.['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Active');
  });

  test('a batch creates a contact, then a phone call bound to it by $1 and partied by its URL', async () => {
    const contactId = '0b8e5f0c-51b4-4c55-9c3e-0c1b2d3e4f50';
    client.startBatch();
    void client.create({
      collection: 'contacts',
      contentId: '1',
      data: { contactid: contactId, lastname: 'From batch' },
    });
    void client.create({
      collection: 'phonecalls',
      contentId: '2',
      data: {
        subject: 'Batch call',
        ringo_callid: 'dwa-batch',
        'regardingobjectid_contact_phonecall@odata.bind': '$1',
        phonecall_activity_parties: [
          { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${contactId})` },
        ],
      },
    });
    const results = await client.executeBatch();
    expect(results).toHaveLength(2);
    const call = dv.emulator.rows('phonecall').find((p) => p.ringo_callid === 'dwa-batch');
    expect(call?.regardingobjectid).toBe(contactId);
    const parties = dv.emulator.rows('activityparty').filter((p) => p.activityid === call?.activityid);
    expect(parties.map((p) => p.partyid)).toEqual([contactId]);
  });

  // execute-batch-operations-using-web-api documents Content-ID references in URLs and top-level binds only.
  test('a $1 reference inside a deep-inserted party is refused and the change set rolls back', async () => {
    const before = dv.emulator.rows('contact').length;
    client.startBatch();
    void client.create({ collection: 'contacts', contentId: '1', data: { lastname: 'Nested ref' } });
    void client.create({
      collection: 'phonecalls',
      data: {
        subject: 'Nested ref call',
        phonecall_activity_parties: [{ participationtypemask: 1, 'partyid_contact@odata.bind': '$1' }],
      },
    });
    const failure = toDataverseError(await client.executeBatch().catch((e: unknown) => e));
    expect(failure).toMatchObject({ status: 400 });
    expect((failure as Error).message).toMatch(/'\$1' inside 'phonecall_activity_parties'/);
    expect(dv.emulator.rows('contact')).toHaveLength(before);
  });

  test('callAction invokes the solution custom API and the call is recorded', async () => {
    const phonecallId = dv.emulator.rows('phonecall')[0]?.activityid;
    await client.callAction({
      actionName: 'ringo_OnCallLogged',
      action: { CallId: 'dwa-1', PhoneCallId: phonecallId, Direction: 'incoming', Answered: true },
    });
    expect(dv.emulator.customApiCalls('ringo_OnCallLogged')).toEqual([
      expect.objectContaining({ parameters: expect.objectContaining({ CallId: 'dwa-1', Answered: true }) }),
    ]);
  });

  test('retrieveAll follows nextLink pages until every row is read', async () => {
    for (let i = 0; i < 7; i++) dv.emulator.insert('team', { name: `Paged ${i}` });
    const all = await client.retrieveAll<{ name: string }>({
      collection: 'teams',
      select: ['name'],
      filter: "startswith(name,'Paged')",
      maxPageSize: 3,
    });
    expect(all.value.map((t) => t.name).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Paged ${i}`));
    const pages = dv.emulator.requests().filter((r) => r.url.includes('/teams'));
    expect(pages).toHaveLength(3);
  });
});
