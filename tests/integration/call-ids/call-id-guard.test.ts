import { formatCallDate, formatWallClock } from '../../../emulators/ringostat/src/project-clock';
import { startAssembledStack, type AssembledStack } from '../support/assembled-stack';

jest.setTimeout(30_000);

/**
 * Each way a wrong list item behind `uniqueid` shows itself is refused or flagged, and no call is lost or
 * doubled: the assembled receiver against both emulators over HTTP, with reconciliation from the call
 * log, which knows every call by its real uniqueid.
 */
const ZONE = 'Europe/Kyiv';
let stack: AssembledStack;

beforeAll(async () => {
  stack = await startAssembledStack({ env: { RINGOSTAT_TIMEZONE: ZONE } });
});

afterAll(() => stack.close());

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

const post = (body: Record<string, unknown>) => stack.post('after-call', body);
const reconcile = async () => (await stack.admin('POST', '/admin/ringostat/reconcile')).json;

const phoneCallsFrom = (caller: string) =>
  stack.org.emulator.rows('phonecall').filter((row) => row.phonenumber === `+${caller}`);
const rejectedWith = (text: string) =>
  stack.receiver.inbox.listRejected({ limit: 500 }).filter((r) => r.reason.includes(text));

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
    stack.ringostat.emulator.seedCalls([a.logRow, b.logRow]);
    await reconcile();
    await stack.settled();
    expect([phoneCallsFrom(a.caller).length, phoneCallsFrom(b.caller).length]).toEqual([1, 1]);
  });

  it('call_id2 picked, with a recording link: refused and kept; the call log brings the call once', async () => {
    const c = call(40);
    const recording = `https://app.ringostat.com/recordings/${c.uniqueid}.mp3?token=fe60f9`;
    const answer = await post({ ...c.webhook, uniqueid: '3333333333.3333333', recording });
    expect(answer.status).toBe(400);
    expect(rejectedWith('is not the id in the recording link')).toHaveLength(1);
    stack.ringostat.emulator.seedCalls([{ ...c.logRow, recording }]);
    await reconcile();
    await stack.settled();
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
    await stack.settled();
    stack.ringostat.emulator.seedCalls([d.logRow]);
    const reconciled = (await reconcile()) as { counts: Record<string, number> };
    await stack.settled();
    expect(reconciled.counts.mismatched).toBeGreaterThanOrEqual(1);
    expect(phoneCallsFrom(d.caller).map((row) => row.ringo_callid)).toEqual(['cdr-98765']);
  });

  it('the admin API and /metrics name every pattern seen, with the advice', async () => {
    const report = (await stack.admin('GET', '/admin/ringostat/call-ids')).json as {
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
    const metrics = await (await fetch(`${stack.receiver.url}/metrics`)).text();
    expect(metrics).toMatch(/ringostat_call_id_guard_total\{pattern="reused-id"\} 1/);
  });
});
