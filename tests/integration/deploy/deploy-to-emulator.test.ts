import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { deploySolution } from '../../../scripts/deploy/index';
import { packSolution } from '../../../scripts/solution';
import { copySolution, type SolutionCopy } from '../../unit/solution/solution-copy';

// Schema validation runs libxml2 in a worker; on a busy shared machine it can take seconds. No test here
// asserts on speed — this only keeps jest's default 5 s cap from failing a slow run.
jest.setTimeout(60_000);

describe('deploying the packed solution into the Dataverse emulator', () => {
  let server: Awaited<ReturnType<typeof startEmulatorServer>>;
  // A scratch copy of solution/ with stub files for the web resources its forms name, so the test does
  // not depend on the web-resource build having run.
  let copy: SolutionCopy;
  beforeAll(async () => {
    server = await startEmulatorServer({ solution: 'none' });
    copy = await copySolution();
  });
  afterAll(async () => {
    await server.close();
    await copy.remove();
  });

  it('imports the solution so the receiver can write its columns, and sets the environment variable values', async () => {
    const packed = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    const lines: string[] = [];
    const result = await deploySolution({
      url: server.url,
      getToken: () => Promise.resolve('emulator-token'),
      zip: packed.zip,
      values: { ringo_ReceiverUrl: 'https://rx.example.com', ringo_MissedCallMode: 'completed' },
      log: (line) => void lines.push(line),
      sleep: () => Promise.resolve(),
    });
    expect(result.attempts).toBe(1);
    expect(lines).toContain('Deployed.');

    const solution = server.emulator.rows('solution').find((r) => r['uniquename'] === 'RingostatIntegration');
    expect(solution).toMatchObject({ version: '1.0.0.0' });
    const values = Object.fromEntries(
      server.emulator.rows('environmentvariablevalue').map((r) => [r['schemaname'], r['value']]),
    );
    expect(values).toMatchObject({
      ringo_ReceiverUrl: 'https://rx.example.com',
      ringo_MissedCallMode: 'completed',
    });

    const headers = {
      Authorization: 'Bearer emulator-token',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    const created = await fetch(`${server.url}/api/data/v9.2/phonecalls`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        subject: 'Call',
        ringo_callid: 'c-1',
        ringo_callresult: 107350000,
        ringo_talkseconds: 42,
      }),
    });
    expect(created.status).toBeLessThan(300);
    const unknown = await fetch(`${server.url}/api/data/v9.2/phonecalls`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ subject: 'Call', ringo_notacolumn: 'x' }),
    });
    expect(unknown.status).toBe(400);
  });
});
