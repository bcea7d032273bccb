import { saveVariable } from '../../webresources/src/settings/save-variable';
import {
  effectiveValue,
  readEnvironmentVariables,
} from '../../webresources/src/shared/environment-variables';

type Row = Record<string, unknown>;

/** A hand-written stand-in for the part of Xrm.WebApi the settings use: canned tables, recorded calls. */
class FakeWebApi {
  readonly queries: { entity: string; options: string }[] = [];
  readonly writes: { op: 'create' | 'update'; entity: string; id?: string; data: Row }[] = [];
  constructor(private readonly tables: Record<string, Row[]>) {}
  retrieveMultipleRecords(entity: string, options = ''): Promise<Xrm.RetrieveMultipleResult> {
    this.queries.push({ entity, options });
    return Promise.resolve({
      entities: this.tables[entity] ?? [],
      nextLink: '',
    } as unknown as Xrm.RetrieveMultipleResult);
  }
  createRecord(entity: string, data: Row): Promise<Xrm.CreateResponse> {
    this.writes.push({ op: 'create', entity, data });
    return Promise.resolve({ entityType: entity, id: 'new-value-id' });
  }
  updateRecord(entity: string, id: string, data: Row): Promise<{ entityType: string; id: string }> {
    this.writes.push({ op: 'update', entity, id, data });
    return Promise.resolve({ entityType: entity, id });
  }
}

const RECEIVER = 'AAAAAAAA-0000-0000-0000-000000000001';
const COUNTRY = 'aaaaaaaa-0000-0000-0000-000000000002';

function orgWithTwoVariables(): FakeWebApi {
  return new FakeWebApi({
    environmentvariabledefinition: [
      { schemaname: 'ringo_ReceiverUrl', defaultvalue: null, environmentvariabledefinitionid: RECEIVER },
      { schemaname: 'ringo_DefaultCountry', defaultvalue: 'UA', environmentvariabledefinitionid: COUNTRY },
    ],
    environmentvariablevalue: [
      {
        value: 'https://rs.example.com',
        _environmentvariabledefinitionid_value: RECEIVER.toLowerCase(),
        environmentvariablevalueid: 'v1',
      },
    ],
  });
}

describe('reading the ringo_* environment variables', () => {
  it('joins each definition with its current value, by definition id', async () => {
    const webApi = orgWithTwoVariables();
    const variables = await readEnvironmentVariables(webApi, ['ringo_ReceiverUrl', 'ringo_DefaultCountry']);

    expect(variables.get('ringo_ReceiverUrl')).toEqual({
      schemaName: 'ringo_ReceiverUrl',
      definitionId: RECEIVER.toLowerCase(),
      defaultValue: null,
      valueId: 'v1',
      value: 'https://rs.example.com',
    });
    expect(variables.get('ringo_DefaultCountry')?.valueId).toBeNull();
    expect(effectiveValue(variables.get('ringo_DefaultCountry'))).toBe('UA');
    expect(effectiveValue(variables.get('ringo_ReceiverUrl'))).toBe('https://rs.example.com');
  });

  it('asks for exactly the named definitions, quoting them as OData strings', async () => {
    const webApi = orgWithTwoVariables();
    await readEnvironmentVariables(webApi, ['ringo_ReceiverUrl', "o'brien"]);
    expect(webApi.queries[0]?.options).toContain(
      "$filter=schemaname eq 'ringo_ReceiverUrl' or schemaname eq 'o''brien'",
    );
    expect(webApi.queries[1]?.options).toContain(
      `_environmentvariabledefinitionid_value eq ${RECEIVER.toLowerCase()}`,
    );
  });

  it('makes no request for an empty list', async () => {
    const webApi = orgWithTwoVariables();
    expect((await readEnvironmentVariables(webApi, [])).size).toBe(0);
    expect(webApi.queries).toEqual([]);
  });
});

describe('saving an environment variable', () => {
  it('updates the value row the org already has', async () => {
    const webApi = orgWithTwoVariables();
    const receiver = (await readEnvironmentVariables(webApi, ['ringo_ReceiverUrl'])).get('ringo_ReceiverUrl');
    if (!receiver) throw new Error('fixture is missing ringo_ReceiverUrl');
    await expect(saveVariable(webApi, receiver, 'https://new.example.com')).resolves.toBe('v1');
    expect(webApi.writes).toEqual([
      {
        op: 'update',
        entity: 'environmentvariablevalue',
        id: 'v1',
        data: { value: 'https://new.example.com' },
      },
    ]);
  });

  it('creates a value row bound to its definition when there is none', async () => {
    const webApi = orgWithTwoVariables();
    const country = (await readEnvironmentVariables(webApi, ['ringo_DefaultCountry'])).get(
      'ringo_DefaultCountry',
    );
    if (!country) throw new Error('fixture is missing ringo_DefaultCountry');
    await expect(saveVariable(webApi, country, 'PL')).resolves.toBe('new-value-id');
    expect(webApi.writes).toEqual([
      {
        op: 'create',
        entity: 'environmentvariablevalue',
        data: {
          schemaname: 'ringo_DefaultCountry',
          value: 'PL',
          'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${COUNTRY})`,
        },
      },
    ]);
  });
});
