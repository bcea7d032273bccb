import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  deploySolution,
  DeployError,
  DeployFailure,
  type DeployOptions,
} from '../../../scripts/deploy/index';

const ORG = 'https://contoso.crm4.dynamics.com';
const API = `${ORG}/api/data/v9.2`;
const ZIP = new Uint8Array([80, 75, 5, 6, 1, 2, 3]);
const LOCK = {
  error: {
    code: '0x8004F063',
    message:
      'Cannot start the requested operation [Import] because there is another [Import] running at this moment.',
  },
};

/** What the fake Dataverse saw, in order. */
interface Seen {
  requests: string[];
  importBodies: Record<string, unknown>[];
  valueWrites: { method: string; body: unknown }[];
  auth: string[];
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A Dataverse fake: ImportSolutionAsync answers come from `imports`, async operation states from `states`. */
function fakeDataverse(options: {
  imports: (() => Response)[];
  states: { statecode: number; statuscode: number; message?: string; errorcode?: number }[];
  existingValue?: { environmentvariablevalueid: string; value: string };
  status?: number;
}): Seen {
  const seen: Seen = { requests: [], importBodies: [], valueWrites: [], auth: [] };
  let importCall = 0;
  let poll = 0;
  server.use(
    http.all(/.*/, ({ request }) => {
      seen.requests.push(`${request.method} ${decodeURIComponent(request.url.replace(API, ''))}`);
      seen.auth.push(request.headers.get('authorization') ?? '');
      if (options.status)
        return HttpResponse.json(
          { error: { code: '0x80072560', message: 'unauthorized' } },
          { status: options.status },
        );
      return undefined;
    }),
    http.post(/\/api\/data\/v9\.2\/ImportSolutionAsync$/, async ({ request }) => {
      seen.importBodies.push((await request.json()) as Record<string, unknown>);
      const answer = options.imports[Math.min(importCall++, options.imports.length - 1)];
      return answer ? answer() : HttpResponse.json({ AsyncOperationId: 'op-1', ImportJobKey: 'job-1' });
    }),
    http.get(/\/api\/data\/v9\.2\/asyncoperations\(op-\d\)/, () =>
      HttpResponse.json(options.states[Math.min(poll++, options.states.length - 1)]),
    ),
    http.post(/\/api\/data\/v9\.2\/PublishAllXml$/, () => new HttpResponse(null, { status: 204 })),
    http.get(/\/api\/data\/v9\.2\/environmentvariabledefinitions/, () =>
      HttpResponse.json({ value: [{ environmentvariabledefinitionid: 'def-1' }] }),
    ),
    http.get(/\/api\/data\/v9\.2\/environmentvariablevalues/, () =>
      HttpResponse.json({ value: options.existingValue ? [options.existingValue] : [] }),
    ),
    http.post(/\/api\/data\/v9\.2\/environmentvariablevalues$/, async ({ request }) => {
      seen.valueWrites.push({ method: 'POST', body: await request.json() });
      return new HttpResponse(null, { status: 204 });
    }),
    http.patch(/\/api\/data\/v9\.2\/environmentvariablevalues\(.+\)$/, async ({ request }) => {
      seen.valueWrites.push({ method: 'PATCH', body: await request.json() });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return seen;
}

const ok = (): Response => HttpResponse.json({ AsyncOperationId: 'op-1', ImportJobKey: 'job-1' });

function options(
  overrides: Partial<DeployOptions> = {},
): DeployOptions & { lines: string[]; sleeps: number[] } {
  const lines: string[] = [];
  const sleeps: number[] = [];
  return {
    url: ORG,
    getToken: () => Promise.resolve('token-123'),
    zip: ZIP,
    values: {},
    log: (line) => void lines.push(line),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    pollIntervalMs: 5,
    lockWaitMs: 1000,
    lockRetries: 3,
    lines,
    sleeps,
    ...overrides,
  };
}

describe('deploySolution', () => {
  it('imports, waits for the async operation, publishes, then sets the environment variable values', async () => {
    const seen = fakeDataverse({
      imports: [ok],
      states: [
        { statecode: 0, statuscode: 0 },
        { statecode: 2, statuscode: 20 },
        { statecode: 3, statuscode: 30 },
      ],
    });
    const opts = options({ values: { ringo_ReceiverUrl: 'https://rx.example.com' } });
    const result = await deploySolution(opts);

    expect(result).toEqual({ asyncOperationId: 'op-1', importJobId: 'job-1', attempts: 1 });
    expect(seen.requests.filter((r) => !r.startsWith('GET /asyncoperations'))).toEqual([
      'POST /ImportSolutionAsync',
      'POST /PublishAllXml',
      "GET /environmentvariabledefinitions?$select=environmentvariabledefinitionid&$filter=schemaname eq 'ringo_ReceiverUrl'",
      'GET /environmentvariablevalues?$select=environmentvariablevalueid,value&$filter=_environmentvariabledefinitionid_value eq def-1',
      'POST /environmentvariablevalues',
    ]);
    expect(seen.requests.filter((r) => r.startsWith('GET /asyncoperations'))).toHaveLength(3);
    const body = seen.importBodies[0] ?? {};
    expect(Buffer.from(String(body['CustomizationFile']), 'base64')).toEqual(Buffer.from(ZIP));
    expect(body['OverwriteUnmanagedCustomizations']).toBe(false);
    expect(body['ImportJobId']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(body['ComponentParameters']).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.environmentvariablevalue',
        schemaname: 'ringo_ReceiverUrl',
        value: 'https://rx.example.com',
      },
    ]);
    expect(seen.valueWrites).toEqual([
      {
        method: 'POST',
        body: {
          schemaname: 'ringo_ReceiverUrl',
          value: 'https://rx.example.com',
          'EnvironmentVariableDefinitionId@odata.bind': '/environmentvariabledefinitions(def-1)',
        },
      },
    ]);
    expect(new Set(seen.auth)).toEqual(new Set(['Bearer token-123']));
    expect(opts.lines.some((l) => l.includes('importing…'))).toBe(true);
  });

  it('updates an environment variable value that already exists with another value', async () => {
    const seen = fakeDataverse({
      imports: [ok],
      states: [{ statecode: 3, statuscode: 30 }],
      existingValue: { environmentvariablevalueid: 'val-9', value: 'en' },
    });
    await deploySolution(options({ values: { ringo_Language: 'uk' } }));
    expect(seen.valueWrites).toEqual([{ method: 'PATCH', body: { value: 'uk' } }]);
  });

  it('waits and retries while another import holds the customization lock', async () => {
    const seen = fakeDataverse({
      imports: [
        () => HttpResponse.json(LOCK, { status: 400 }),
        () => HttpResponse.json(LOCK, { status: 400 }),
        ok,
      ],
      states: [{ statecode: 3, statuscode: 30 }],
    });
    const opts = options();
    const result = await deploySolution(opts);
    expect(result.attempts).toBe(3);
    expect(seen.importBodies[0]?.['ComponentParameters']).toEqual([]); // not nullable: always sent
    expect(seen.importBodies).toHaveLength(3);
    expect(opts.sleeps.filter((ms) => ms === 1000)).toHaveLength(2);
    expect(opts.lines.filter((l) => l.includes('another solution operation is running'))).toHaveLength(2);
  });

  it('gives up with a retryable "locked" error when the lock outlasts every retry', async () => {
    fakeDataverse({ imports: [() => HttpResponse.json(LOCK, { status: 400 })], states: [] });
    const failure = deploySolution(options({ lockRetries: 2 }));
    await expect(failure).rejects.toMatchObject({ kind: DeployFailure.Locked, retryable: true });
    await expect(failure).rejects.toThrow(/kept running through 2 retries/);
  });

  it('an import that failed on the customization lock is retried by its errorcode, whatever the language', async () => {
    const seen = fakeDataverse({
      imports: [ok],
      states: [
        // 0x8004F063 as asyncoperation.errorcode; the message is in the org's language.
        { statecode: 3, statuscode: 31, errorcode: -2147159965, message: 'Неможливо розпочати операцію' },
        { statecode: 3, statuscode: 30 },
      ],
    });
    const opts = options({ lockWaitMs: 1000 });
    await expect(deploySolution(opts)).resolves.toMatchObject({ attempts: 2 });
    expect(seen.importBodies).toHaveLength(2);
    expect(seen.requests.filter((r) => r.startsWith('GET /asyncoperations'))[0]).toContain('errorcode');
  });

  it('the English lock sentence without the code is an import failure, not a lock', async () => {
    fakeDataverse({
      imports: [ok],
      states: [
        {
          statecode: 3,
          statuscode: 31,
          message:
            'Cannot start the requested operation [Import] because there is another [Import] running at this moment.',
        },
      ],
    });
    await expect(deploySolution(options())).rejects.toMatchObject({ kind: DeployFailure.ImportFailed });
  });

  it('reports a failed import with the message Dataverse gave, and does not publish', async () => {
    const seen = fakeDataverse({
      imports: [ok],
      states: [
        {
          statecode: 3,
          statuscode: 31,
          message: 'The attribute ringo_callid cannot be created: the entity key is invalid.',
        },
      ],
    });
    const failure = deploySolution(options());
    await expect(failure).rejects.toBeInstanceOf(DeployError);
    await expect(failure).rejects.toMatchObject({ kind: DeployFailure.ImportFailed, retryable: false });
    await expect(failure).rejects.toThrow('The import failed: The attribute ringo_callid cannot be created');
    expect(seen.requests).not.toContain('POST /PublishAllXml');
  });

  it('names the missing dependency when the target lacks a required component', async () => {
    fakeDataverse({
      imports: [ok],
      states: [
        {
          statecode: 3,
          statuscode: 31,
          message:
            'Solution manifest import: FAILURE: The following solution cannot be imported: RingostatIntegration. Some dependencies are missing. ' +
            'The missing dependencies are : <MissingDependencies><MissingDependency><Required type="1" schemaName="msdyn_ocliveworkitem" ' +
            'displayName="Conversation" solution="OmnichannelBase (9.3.0.0)" /><Dependent type="2" schemaName="ringo_x" displayName="x" ' +
            'parentSchemaName="phonecall" /></MissingDependency></MissingDependencies>',
        },
      ],
    });
    const failure = deploySolution(options());
    await expect(failure).rejects.toMatchObject({ kind: DeployFailure.MissingDependency });
    await expect(failure).rejects.toThrow(
      'the environment lacks Conversation (msdyn_ocliveworkitem) from solution OmnichannelBase',
    );
  });

  it('says the app user or secret is wrong when Dataverse answers 401', async () => {
    fakeDataverse({ imports: [ok], states: [], status: 401 });
    const failure = deploySolution(options());
    await expect(failure).rejects.toMatchObject({ kind: DeployFailure.Unauthorized, retryable: false });
    await expect(failure).rejects.toThrow(/AZURE_CLIENT_SECRET/);
  });
});
