import { emulatorClient } from './emulator-client';

describe('EntityDefinitions', () => {
  test('a key defined through the Web API becomes usable for addressing', async () => {
    const dv = await emulatorClient({ solution: 'none' });
    const created = await dv.send('POST', "EntityDefinitions(LogicalName='contact')/Keys", {
      SchemaName: 'ringo_contact_email_key',
      KeyAttributes: ['emailaddress1'],
    });
    expect(created.status).toBe(204);
    expect(created.headers.get('OData-EntityId')).toMatch(
      /EntityDefinitions\([0-9a-f-]+\)\/Keys\([0-9a-f-]+\)$/,
    );
    const upsert = await dv.send('PATCH', "contacts(emailaddress1='a@b.ua')", { lastname: 'Keyed' });
    expect(upsert.status).toBe(204);
    expect(dv.emulator.rows('contact').find((c) => c.lastname === 'Keyed')?.emailaddress1).toBe('a@b.ua');
  });

  test('a key on a column the table lacks is refused', async () => {
    const dv = await emulatorClient({ solution: 'none' });
    const r = await dv.json('POST', "EntityDefinitions(LogicalName='contact')/Keys", {
      SchemaName: 'k',
      KeyAttributes: ['nosuch'],
    });
    expect(r.status).toBe(400);
  });

  test('Attributes lists the solution columns with their types', async () => {
    const dv = await emulatorClient();
    const r = await dv.json(
      'GET',
      "EntityDefinitions(LogicalName='phonecall')/Attributes?$select=LogicalName,AttributeType",
    );
    expect(r.body.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ LogicalName: 'ringo_callid', AttributeType: 'String' }),
        expect.objectContaining({ LogicalName: 'ringo_talkseconds', AttributeType: 'Int32' }),
      ]),
    );
  });

  test('an unknown table is a 404', async () => {
    const dv = await emulatorClient({ solution: 'none' });
    expect((await dv.json('GET', "EntityDefinitions(LogicalName='lead')")).status).toBe(404);
  });

  test('a synchronous import of a broken file fails with a clear error and changes nothing', async () => {
    const dv = await emulatorClient({ solution: 'none' });
    const r = await dv.json('POST', 'ImportSolution', {
      CustomizationFile: Buffer.from('PK not really').toString('base64'),
      OverwriteUnmanagedCustomizations: false,
      PublishWorkflows: false,
      ImportJobId: '22222222-2222-2222-2222-222222222222',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('Solution import failed');
    expect(dv.emulator.rows('solution')).toEqual([]);
  });
});
