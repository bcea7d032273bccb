import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulatorServer, type EmulatorOptions } from '../../../emulators/dataverse/src/index';
import { startDryRun } from '../../../scripts/verify-org/dry-run';
import { verifyOrg, type VerifyReport } from '../../../scripts/verify-org/run-verify';

// A full run is some forty requests against an emulator on a busy shared machine.
jest.setTimeout(60_000);

async function run(options: EmulatorOptions = {}) {
  const org = await startEmulatorServer(options);
  const printed: string[] = [];
  try {
    const report = await verifyOrg({
      url: org.url,
      getToken: async () => 'verify-org-test',
      print: (line) => void printed.push(line),
      runId: 'test',
    });
    const leftovers = {
      contacts: org.emulator.rows('contact').filter((c) => c.ringo_createdbyringostat === true).length,
      phonecalls: org.emulator
        .rows('phonecall')
        .filter((p) => String(p.ringo_callid).startsWith('verify-org-')).length,
      notes: org.emulator.rows('annotation').length,
    };
    return { report, printed, leftovers, org };
  } finally {
    await org.close();
  }
}

const levels = (report: VerifyReport) => report.lines.map((l) => `${l.level} ${l.step}`);

describe('npm run verify-org against the Dataverse emulator over HTTP', () => {
  test('a ready org passes every check, and the run leaves nothing behind', async () => {
    const { report, printed, leftovers } = await run();
    expect(report.ok).toBe(true);
    expect(report.lines.filter((l) => l.level !== 'PASS')).toEqual([]);
    expect(report.lines).toHaveLength(22);
    expect(printed.at(-1)).toMatch(
      /^Verdict: PASS — the org accepts every request shape the receiver sends\.$/,
    );
    expect(leftovers).toEqual({ contacts: 0, phonecalls: 0, notes: 0 });
  });

  test('an org that answers in Ukrainian passes too: nothing depends on message text', async () => {
    const { report } = await run({ language: 1058 });
    expect(report.ok).toBe(true);
  });

  test('an org whose key index is still building, without change tracking on contact, passes with warnings', async () => {
    const { report, printed } = await run({ phonecallKey: 'pending', untrackedTables: ['contact'] });
    expect(report.ok).toBe(true);
    expect(levels(report)).toEqual(
      expect.arrayContaining([
        'WARN alternate key ringo_callid_key',
        'WARN change tracking on contact',
        'SKIP phone directory: read every contact with change tracking',
        'SKIP call logged under another id is found by ringo_callid',
        'SKIP phone directory: change-tracking delta',
      ]),
    );
    expect(printed.join('\n')).toMatch(/index Pending: calls are still logged once/);
    expect(printed.at(-1)).toMatch(/^Verdict: PASS .*5 warning\(s\) above/);
  });

  // Each request shape refused the way an org that does not accept it would: a readable FAIL line
  // with Dataverse's status, code and message, a FAIL verdict, and the clean-up still done.
  test.each([
    ['POST', /^phonecalls$/, 'missed call kept open as a call-back'],
    ['POST', /^contacts$/, 'before-call: create the test contact'],
    ['POST', /^ringo_OnCallLogged$/, 'answered call logged and closed in one changeset'],
    ['PATCH', /^\$2$|^phonecalls\([^)]+\)$/, 'answered call logged and closed in one changeset'],
    ['GET', /^EntityDefinitions\(LogicalName='phonecall'\)$/, 'alternate key ringo_callid_key'],
    ['GET', /^environmentvariabledefinitions$/, 'settings (environment variables) and default owner'],
    ['GET', /^systemusers$/, 'CRM users with a Ringostat staff id'],
    ['GET', /^contacts$/, 'phone directory: read every contact with change tracking'],
    ['POST', /^annotations$/, 'AI analysis on a completed call: columns and one note, in one changeset'],
    ['DELETE', /^contacts\(/, 'clean up the test contacts and phone calls'],
  ] as const)('an org that refuses %s %s fails "%s" with a readable line', async (method, path, step) => {
    const { report, printed, leftovers } = await run({
      refuse: [
        { method, path, status: 400, code: '0x80048d19', message: 'Запит відхилено цією організацією.' },
      ],
    });
    expect(report.ok).toBe(false);
    const line = report.lines.find((l) => l.step === step);
    expect(line).toMatchObject({ level: 'FAIL' });
    expect(line?.detail).toContain('400 0x80048d19');
    expect(printed.join('\n')).toContain(`FAIL  ${step} — `);
    expect(printed.at(-1)).toMatch(
      /^Verdict: FAIL — \d+ of 22 checks failed .*Do not point Ringostat at this org/,
    );
    if (method !== 'DELETE') expect(leftovers).toEqual({ contacts: 0, phonecalls: 0, notes: 0 });
  });

  test("a role without Delete (the receiver's least-privilege role) ends the clean-up with a warning listing the records", async () => {
    const { report, leftovers } = await run({
      refuse: [{ method: 'DELETE', path: /./, status: 403, code: '0x80040220' }],
    });
    expect(report.ok).toBe(true);
    const cleanup = report.lines.at(-1);
    expect(cleanup).toMatchObject({ level: 'WARN', step: 'clean up the test contacts and phone calls' });
    expect(cleanup?.detail).toMatch(/delete by hand: phonecalls\([0-9a-f-]{36}\)/);
    expect(leftovers.contacts).toBe(2);
  });

  test('a refused business event rolls back the call it was raised with, so nothing is half-logged', async () => {
    const { report, org } = await run({ refuse: [{ method: 'POST', path: /^ringo_OnCallLogged$/ }] });
    expect(report.lines.find((l) => l.step === 'missed call kept open as a call-back')?.level).toBe('FAIL');
    expect(org.emulator.customApiCalls('ringo_OnCallLogged')).toEqual([]);
  });
});

describe('npm run verify-org -- --dry-run', () => {
  test('prints every request with its body and sends none to the org', async () => {
    let hits = 0;
    const org = createServer((_req, res) => {
      hits++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => org.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(org.address() as AddressInfo).port}`;
    const printed: string[] = [];
    const print = (line: string) => void printed.push(line);
    const dryRun = await startDryRun(url);
    try {
      const report = await verifyOrg({
        url,
        getToken: async () => 'dry-run',
        print,
        afterStep: () => dryRun.flush(print),
      });
      expect(report.ok).toBe(true);
    } finally {
      dryRun.close();
      await new Promise<void>((resolve) => org.close(() => resolve()));
    }
    expect(hits).toBe(0);
    const text = printed.join('\n');
    expect(text).toContain('> POST /api/data/v9.2/$batch');
    expect(text).toContain('[changeset 1] POST /api/data/v9.2/phonecalls (Content-ID 2)');
    expect(text).toContain('"phonecall_activity_parties"');
    expect(text).toContain('> DELETE /api/data/v9.2/contacts(');
    expect(text).not.toContain('Bearer');
  });
});
