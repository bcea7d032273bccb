import { loadProductSolution } from '../../../emulators/dataverse/src/index';
import { mountEmulator, type MountedEmulator } from './emulator-mounts';

/** ImportSolutionAsync into a bare org really applies the solution (Learn: power-platform/alm/solution-async.md). */
describe('importing the product solution into a bare emulator org', () => {
  let dv: MountedEmulator;
  beforeAll(async () => {
    dv = await mountEmulator('http', { solution: 'none' });
  });
  afterAll(async () => dv.close());

  const post = (path: string, body: unknown) => dv.call(path, { method: 'POST', body: JSON.stringify(body) });

  test('before the import the product columns do not exist', async () => {
    const r = await post('phonecalls', { subject: 'x', ringo_callid: 'before' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: {
        code: '0x80060888',
        message: "Could not find a property named 'ringo_callid' on type 'Microsoft.Dynamics.CRM.phonecall'.",
      },
    });
    expect((await post('ringo_OnCallLogged', { CallId: 'x' })).status).toBe(404);
  });

  test('ImportSolutionAsync completes an async operation and the new columns, key and custom API work', async () => {
    const packed = await loadProductSolution();
    const started = await post('ImportSolutionAsync', {
      OverwriteUnmanagedCustomizations: false,
      PublishWorkflows: true,
      CustomizationFile: Buffer.from(packed.zip).toString('base64'),
      ComponentParameters: [
        {
          '@odata.type': 'Microsoft.Dynamics.CRM.environmentvariablevalue',
          schemaname: 'ringo_DefaultCountry',
          value: 'PL',
        },
      ],
    });
    expect(started.status).toBe(200);
    const { AsyncOperationId } = (await started.json()) as { AsyncOperationId: string };
    const op = (await (
      await dv.call(`asyncoperations(${AsyncOperationId})?$select=statecode,statuscode`)
    ).json()) as Record<string, unknown>;
    expect(op).toMatchObject({ statecode: 3, statuscode: 30 });
    expect((await post('PublishAllXml', {})).status).toBe(204);

    const created = await dv.call("phonecalls(ringo_callid='after')", {
      method: 'PATCH',
      body: JSON.stringify({ subject: 'Imported', ringo_talkseconds: 12 }),
    });
    expect(created.status).toBe(204);
    expect(dv.emulator.rows('phonecall')).toEqual([
      expect.objectContaining({ ringo_callid: 'after', ringo_talkseconds: 12 }),
    ]);

    const keys = (await (
      await dv.call(
        "EntityDefinitions(LogicalName='phonecall')?$select=LogicalName&$expand=Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)",
      )
    ).json()) as { Keys: unknown[] };
    expect(keys.Keys).toEqual([
      expect.objectContaining({
        SchemaName: 'ringo_callid_key',
        KeyAttributes: ['ringo_callid'],
        EntityKeyIndexStatus: 'Active',
      }),
    ]);

    const variables = (await (
      await dv.call(
        "environmentvariabledefinitions?$select=schemaname,defaultvalue&$filter=schemaname eq 'ringo_DefaultCountry'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
      )
    ).json()) as { value: Array<Record<string, unknown>> };
    expect(variables.value[0]).toMatchObject({
      schemaname: 'ringo_DefaultCountry',
      defaultvalue: 'UA',
      environmentvariabledefinition_environmentvariablevalue: [expect.objectContaining({ value: 'PL' })],
    });

    const event = await post('ringo_OnCallLogged', {
      CallId: 'after',
      PhoneCallId: dv.emulator.rows('phonecall')[0]?.activityid,
      Direction: 'in',
      Answered: true,
    });
    expect(event.status).toBe(204);
    expect(dv.emulator.customApiCalls('ringo_OnCallLogged')).toHaveLength(1);
    const missing = await post('ringo_OnCallLogged', {
      PhoneCallId: dv.emulator.rows('phonecall')[0]?.activityid,
    });
    expect(missing.status).toBe(400);
    const wrongType = await post('ringo_OnCallLogged', {
      CallId: 'after',
      PhoneCallId: 'not-a-guid',
      Direction: 'in',
      Answered: 'yes',
    });
    expect(wrongType.status).toBe(400);
    expect(dv.emulator.customApiCalls('ringo_OnCallLogged')).toHaveLength(1);

    expect(dv.emulator.rows('solution')).toEqual([
      expect.objectContaining({ uniquename: 'RingostatIntegration', ismanaged: false }),
    ]);
  });

  test('a file that is not a solution zip ends as a failed async operation', async () => {
    const started = await post('ImportSolutionAsync', {
      OverwriteUnmanagedCustomizations: false,
      PublishWorkflows: true,
      CustomizationFile: Buffer.from('not a zip').toString('base64'),
    });
    const { AsyncOperationId } = (await started.json()) as { AsyncOperationId: string };
    const op = (await (await dv.call(`asyncoperations(${AsyncOperationId})`)).json()) as Record<
      string,
      unknown
    >;
    expect(op).toMatchObject({ statecode: 3, statuscode: 31 });
    expect(String(op.message)).toContain('not a valid zip');
  });

  test('synchronous ImportSolution with an ImportJobId records the import job', async () => {
    const packed = await loadProductSolution();
    const jobId = '11111111-2222-3333-4444-555555555555';
    const r = await post('ImportSolution', {
      OverwriteUnmanagedCustomizations: true,
      PublishWorkflows: true,
      CustomizationFile: Buffer.from(packed.zip).toString('base64'),
      ImportJobId: jobId,
    });
    expect(r.status).toBe(204);
    const job = (await (await dv.call(`importjobs(${jobId})?$select=solutionname,data`)).json()) as Record<
      string,
      unknown
    >;
    expect(job.solutionname).toBe('RingostatIntegration');
    expect(String(job.data)).toContain('result="success"');
    const again = await post('ImportSolution', {
      OverwriteUnmanagedCustomizations: true,
      PublishWorkflows: true,
      CustomizationFile: Buffer.from(packed.zip).toString('base64'),
      ImportJobId: jobId,
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('0x80071152');
  });
});

describe('a slow solution import', () => {
  test('stays In Progress while it runs, holds the customization lock, then completes', async () => {
    const dv = await mountEmulator('msw', { solution: 'none', importDurationMs: 20 });
    try {
      const file = Buffer.from((await loadProductSolution()).zip).toString('base64');
      const body = JSON.stringify({
        CustomizationFile: file,
        OverwriteUnmanagedCustomizations: false,
        PublishWorkflows: true,
      });
      const started = await dv.call('ImportSolutionAsync', { method: 'POST', body });
      const { AsyncOperationId } = (await started.json()) as { AsyncOperationId: string };
      const read = async () =>
        (await (
          await dv.call(`asyncoperations(${AsyncOperationId})?$select=statecode,statuscode`)
        ).json()) as {
          statecode: number;
          statuscode: number;
        };
      expect(await read()).toMatchObject({ statecode: 2, statuscode: 20 });
      const second = await dv.call('ImportSolutionAsync', { method: 'POST', body });
      expect(second.status).toBe(400);
      expect(((await second.json()) as { error: { message: string } }).error.message).toContain(
        'another [Import] running at this moment',
      );
      let op = await read();
      for (let polls = 0; op.statecode !== 3 && polls < 500; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        op = await read();
      }
      expect(op).toMatchObject({ statecode: 3, statuscode: 30 });
      expect(
        (await dv.call('phonecalls', { method: 'POST', body: JSON.stringify({ ringo_callid: 'slow' }) }))
          .status,
      ).toBe(204);
    } finally {
      await dv.close();
    }
  });
});
