import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { formatCallDate, formatWallClock } from '../../../emulators/ringostat/src/project-clock';
import { startRingostatEmulator } from '../../../emulators/ringostat/src/start-ringostat-emulator';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

jest.setTimeout(30_000);

/**
 * Each way a wrong list item behind `uniqueid` shows itself is refused or flagged, and no call is lost or
 * doubled: the assembled receiver against both emulators over HTTP, with reconciliation from the call
 * log, which knows every call by its real uniqueid.
 */
const TOKEN = 'guard-hook-token';
const ADMIN = 'guard-admin-token';
const ZONE = 'Europe/Kyiv';

let org: Awaited<ReturnType<typeof startEmulatorServer>>;
let ringostat: Awaited<ReturnType<typeof startRingostatEmulator>>;
let receiver: RunningReceiver;
let dataDir: string;

beforeAll(async () => {
  org = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  ringostat = await startRingostatEmulator({ authKey: 'rs-key', projectId: 4242, timeZone: ZONE });
  const owner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
  dataDir = mkdtempSync(join(tmpdir(), 'ringo-guard-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    DATAVERSE_URL: org.url,
    DATAVERSE_TOKEN: 'static-token',
    RINGOSTAT_AUTH_KEY: 'rs-key',
    RINGOSTAT_PROJECT_ID: '4242',
    RINGOSTAT_TIMEZONE: ZONE,
    RINGO_DEFAULTOWNERID: owner,
  });
  receiver = await startReceiver(config, (core) =>
    processingExtension(core, core.config.dataverse, {
      ringostatBaseUrl: ringostat.url,
      worker: { pollIntervalMs: 50 },
    }),
  );
});

afterAll(async () => {
  await receiver.close();
  await ringostat.close();
  await org.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let n = 0;
/** A call that started `minutesAgo` minutes ago, as the call log has it and as a webhook would send it. */
function call(minutesAgo: number) {
  n += 1;
  const at = Math.floor((Date.now() - minutesAgo * 60_000) / 1000) * 1000;
  const uniqueid = `ua18_-17915${String(n).padStart(5, '0')}.40000${n}`;
  const caller = `38067${String(1000000 + n * 7919).slice(-7)}`;
  return {
    uniqueid,
    caller,
    webhook: {
      uniqueid,
      calldate: formatWallClock(at, ZONE),
      call_type: 'in',
      caller,
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: 20,
      duration: 30,
    },
    logRow: {
      uniqueid,
      calldate: formatCallDate(at, ZONE),
      call_type: 'in',
      caller,
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: 20,
      duration: 30,
    },
  };
}

async function post(body: Record<string, unknown>) {
  const response = await fetch(receiver.webhookUrls['after-call'], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function admin(method: string, path: string) {
  const response = await fetch(`${receiver.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return (await response.json()) as Record<string, unknown>;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const stats = receiver.inbox.stats(new Date());
    if (stats.pending === 0 && stats.processing === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the inbox never settled');
}

const phoneCallsFrom = (caller: string) =>
  org.emulator.rows('phonecall').filter((row) => row.phonenumber === `+${caller}`);
const rejectedWith = (text: string) =>
  receiver.inbox.listRejected({ limit: 500 }).filter((r) => r.reason.includes(text));

describe('the call-id guard', () => {
  it('unique_call (0/1) picked for uniqueid: every call is refused and kept, none dropped as a duplicate', async () => {
    const a = call(50);
    const b = call(49);
    const answers = [
      await post({ ...a.webhook, uniqueid: '1' }),
      await post({ ...b.webhook, uniqueid: '1' }),
    ];
    expect(answers.map((x) => x.status)).toEqual([400, 400]);
    expect(JSON.stringify(answers[0]?.json)).toMatch(/0\/1 flag unique_call/);
    expect(rejectedWith('unique_call')).toHaveLength(2);
    // Reconciliation brings both calls from the call log, each once.
    ringostat.emulator.seedCalls([a.logRow, b.logRow]);
    await admin('POST', '/admin/ringostat/reconcile');
    await settled();
    expect([phoneCallsFrom(a.caller).length, phoneCallsFrom(b.caller).length]).toEqual([1, 1]);
  });

  it('call_id2 picked, with a recording link: refused and kept; the call log brings the call once', async () => {
    const c = call(40);
    const recording = `https://app.ringostat.com/recordings/${c.uniqueid}.mp3?token=fe60f9`;
    const answer = await post({ ...c.webhook, uniqueid: '3333333333.3333333', recording });
    expect(answer.status).toBe(400);
    expect(rejectedWith('is not the id in the recording link')).toHaveLength(1);
    ringostat.emulator.seedCalls([{ ...c.logRow, recording }]);
    await admin('POST', '/admin/ringostat/reconcile');
    await settled();
    expect(phoneCallsFrom(c.caller).map((row) => row.ringo_callid)).toEqual([c.uniqueid]);
  });

  it('one id for many different calls: the second call is refused and kept, not dropped as a duplicate', async () => {
    const first = call(30);
    const second = call(29);
    expect((await post({ ...first.webhook, uniqueid: '4242' })).status).toBe(200);
    const refused = await post({ ...second.webhook, uniqueid: '4242' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toMatch(/already belongs to another call \(another client number\)/);
    expect(rejectedWith('already belongs to another call')).toHaveLength(1);
    // A true re-send of the first call is still an ordinary duplicate.
    expect((await post({ ...first.webhook, uniqueid: '4242' })).json.duplicate).toBe(true);
  });

  it('ids that never match the call log: the call is logged once under the webhook id and flagged', async () => {
    const d = call(20);
    expect((await post({ ...d.webhook, uniqueid: 'cdr-98765' })).status).toBe(200);
    await settled();
    ringostat.emulator.seedCalls([d.logRow]);
    const reconciled = (await admin('POST', '/admin/ringostat/reconcile')) as {
      counts: Record<string, number>;
    };
    await settled();
    expect(reconciled.counts.mismatched).toBeGreaterThanOrEqual(1);
    expect(phoneCallsFrom(d.caller).map((row) => row.ringo_callid)).toEqual(['cdr-98765']);
  });

  it('the admin API and /metrics name every pattern seen, with the advice', async () => {
    const report = (await admin('GET', '/admin/ringostat/call-ids')) as {
      status: string;
      counts: Record<string, number>;
      recent: Array<{ pattern: string; detail: string }>;
    };
    expect(report.status).toBe('wrong-id-suspected');
    expect(report.counts).toEqual({
      'flag-value': 2,
      'link-mismatch': 1,
      'reused-id': 1,
      'unknown-to-call-log': expect.any(Number),
    });
    expect(report.counts['unknown-to-call-log']).toBeGreaterThanOrEqual(1);
    expect(report.recent.every((flag) => /uniqueid/.test(flag.detail))).toBe(true);
    const metrics = await (await fetch(`${receiver.url}/metrics`)).text();
    expect(metrics).toMatch(/ringostat_call_id_guard_total\{pattern="reused-id"\} 1/);
  });
});
