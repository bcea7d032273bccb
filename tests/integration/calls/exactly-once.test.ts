import { randomUUID } from 'node:crypto';
import { loadProductSolution } from '../../../emulators/dataverse/src/index';
import { contactsWith, phoneCallsOf, startCallStack, type CallStack } from './call-stack';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

/** Exactly once, whatever the retries, order or outages (DESIGN.md §5 "Duplicates and order"). */
let sequence = 0;
function incoming(over: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    uniqueid: `ua18_-18${String(sequence).padStart(4, '0')}.1`,
    calldate: '2026-03-02 14:05:11',
    call_type: 'in',
    caller: `38050300${String(sequence).padStart(4, '0')}`,
    dst: '380441112233',
    disposition: 'ANSWERED',
    duration: 60,
    billsec: 42,
    employee_number: '111111',
    ...over,
  };
}
const before = (after: Record<string, unknown>) => ({
  uniqueid: after.uniqueid,
  calldate: after.calldate,
  caller: after.caller,
  dst: after.dst,
});
const e164 = (caller: unknown) => `+${String(caller)}`;

describe('exactly once, alternate-key mode', () => {
  let stack: CallStack;
  beforeAll(async () => {
    stack = await startCallStack();
  });
  afterAll(() => stack.close());

  it('the same webhook three times yields one phone call, and a re-send after retention is already logged', async () => {
    const call = incoming();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await stack.post('after-call', call));
    expect(answers.map((a) => a.json.duplicate)).toEqual([false, true, true]);
    await stack.settled();

    stack.inbox.purgeDone(new Date(Date.now() + 86_400_000)); // the entry is gone, the call is not
    const resent = await stack.post('after-call', call);
    expect(resent.json.duplicate).toBe(false);
    await stack.settled();

    expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
    expect(contactsWith(stack.org, e164(call.caller))).toHaveLength(1);
    expect(stack.inbox.get(Number(resent.json.id))).toMatchObject({
      status: 'done',
      outcome: expect.stringMatching(/already logged/),
    });
  });

  it('after-call arriving before before-call leaves one contact and one phone call', async () => {
    const call = incoming();
    await stack.post('after-call', call);
    await stack.settled();
    await stack.post('before-call', before(call));
    await stack.settled();

    expect(contactsWith(stack.org, e164(call.caller))).toHaveLength(1);
    expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
  });

  it('before-call and after-call of a new number arriving together create one contact', async () => {
    const call = incoming();
    await Promise.all([stack.post('after-call', call), stack.post('before-call', before(call))]);
    await stack.settled();

    const contacts = contactsWith(stack.org, e164(call.caller));
    expect(contacts).toHaveLength(1);
    expect(phoneCallsOf(stack.org, call.uniqueid)[0]).toMatchObject({
      regardingobjectid: contacts[0]!.contactid,
    });
  });

  it('two calls from one new number processed at once create one contact', async () => {
    const first = incoming();
    const second = incoming({ caller: first.caller });
    await Promise.all([stack.post('after-call', first), stack.post('after-call', second)]);
    await stack.settled();

    const contacts = contactsWith(stack.org, e164(first.caller));
    expect(contacts).toHaveLength(1);
    for (const call of [first, second]) {
      expect(phoneCallsOf(stack.org, call.uniqueid)).toEqual([
        expect.objectContaining({ regardingobjectid: contacts[0]!.contactid }),
      ]);
    }
  });

  it('a Dataverse answering 503 for a while gets every event once it recovers', async () => {
    const calls = [incoming(), incoming(), incoming(), incoming()];
    stack.org.emulator.configure({ faults: { rate: 1, kinds: ['503'] } });
    try {
      const ids: number[] = [];
      for (const call of calls) ids.push(Number((await stack.post('after-call', call)).json.id));
      await waitFor(() => ids.every((id) => (stack.inbox.get(id)?.attempts ?? 0) >= 2));
      // Every event has failed at least once and is waiting (or being retried), none is lost or dead.
      for (const id of ids) {
        expect(stack.inbox.get(id)).toMatchObject({ lastError: expect.stringMatching(/^Dataverse 503/) });
        expect(['pending', 'processing']).toContain(stack.inbox.get(id)?.status);
      }
    } finally {
      stack.org.emulator.configure({ faults: { rate: 0 } });
    }
    await stack.settled();

    for (const call of calls) expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
    expect(stack.inbox.stats(new Date()).dead).toBe(0);
  });

  it('throttling (429) is retried no sooner than Retry-After, then lands', async () => {
    const call = incoming();
    stack.org.emulator.configure({ faults: { rate: 1, kinds: ['429'] } });
    let id = 0;
    try {
      id = Number((await stack.post('after-call', call)).json.id);
      await waitFor(() => stack.inbox.get(id)?.lastError !== undefined);
      const entry = stack.inbox.get(id)!;
      expect(entry.lastError).toMatch(/^Dataverse 429 0x80072326/);
      expect(entry.runAt.getTime() - entry.updatedAt.getTime()).toBeGreaterThanOrEqual(1000);
    } finally {
      stack.org.emulator.configure({ faults: { rate: 0 } });
    }
    await stack.settled();
    expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
  });

  it('costs at most 3 Dataverse requests for a new contact and 2 for a known one', async () => {
    const first = incoming({ employee_number: '', employee_email: 'maria@example.com' });
    stack.org.emulator.resetRequestLog();
    await stack.post('after-call', first);
    await stack.settled();
    const newContact = stack.org.emulator.requests();

    const second = incoming({
      caller: first.caller,
      employee_number: '',
      employee_email: 'maria@example.com',
    });
    stack.org.emulator.resetRequestLog();
    await stack.post('after-call', second);
    await stack.settled();
    const knownContact = stack.org.emulator.requests();

    expect(newContact.length).toBeLessThanOrEqual(3);
    expect(knownContact.length).toBeLessThanOrEqual(2);
    expect(knownContact.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(phoneCallsOf(stack.org, second.uniqueid)[0]).toMatchObject({ ownerid: stack.users.maria });
  });
});

describe('request budget from the first call', () => {
  let stack: CallStack;
  beforeAll(async () => {
    stack = await startCallStack();
  });
  afterAll(() => stack.close());

  it('a known contact and a staff-mapped employee cost one lookup and one changeset', async () => {
    const call = incoming();
    stack.org.emulator.insert('contact', { lastname: 'Known', telephone1: String(call.caller) });
    stack.org.emulator.resetRequestLog();
    await stack.post('after-call', call);
    await stack.settled();

    expect(stack.org.emulator.requests().map((r) => `${r.method} ${r.batchParts ?? ''}`.trim())).toEqual([
      'GET',
      'POST 3',
    ]);
    expect(phoneCallsOf(stack.org, call.uniqueid)[0]).toMatchObject({ ownerid: stack.users.ivan });
  });
});

describe('exactly once, keyless mode (the org has no active ringo_callid key)', () => {
  let stack: CallStack;
  beforeAll(async () => {
    stack = await startCallStack({ emulator: { phonecallKey: 'missing' } });
  });
  afterAll(() => stack.close());

  it('runs keyless and still keeps one phone call per call id', async () => {
    expect(stack.processing.keyMode()).toBe('keyless');
    const call = incoming();
    await Promise.all([stack.post('after-call', call), stack.post('before-call', before(call))]);
    await stack.settled();
    stack.inbox.purgeDone(new Date(Date.now() + 86_400_000));
    await stack.post('after-call', call);
    await stack.settled();

    expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
    expect(contactsWith(stack.org, e164(call.caller))).toHaveLength(1);
    const readiness = await stack.admin('GET', '/admin/readiness');
    expect(readiness.json).toMatchObject({
      ready: true,
      checks: { dataverse: { status: 'ok', keyMode: 'keyless' } },
    });
  });
});

describe('a permanent error', () => {
  let stack: CallStack;
  beforeAll(async () => {
    // The admin forgot to import the solution: the ringo_* columns do not exist yet.
    stack = await startCallStack({ emulator: { solution: 'none' } });
  });
  afterAll(() => stack.close());

  it('dead-letters with the Dataverse reason, and an admin retry succeeds once the cause is fixed', async () => {
    const call = incoming();
    const id = Number((await stack.post('after-call', call)).json.id);
    await stack.settled();
    const dead = await stack.admin('GET', '/admin/events?status=dead');
    expect(dead.json.events).toEqual([
      expect.objectContaining({
        id,
        status: 'dead',
        attempts: 1,
        lastError: expect.stringMatching(/^Dataverse 400 .*ringo_/),
      }),
    ]);

    const { zip } = await loadProductSolution();
    const imported = await fetch(`${stack.org.url}/api/data/v9.2/ImportSolution`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
      body: JSON.stringify({
        OverwriteUnmanagedCustomizations: true,
        PublishWorkflows: false,
        CustomizationFile: Buffer.from(zip).toString('base64'),
        ImportJobId: randomUUID(),
      }),
    });
    expect(imported.status).toBeLessThan(300);

    const retry = await stack.admin('POST', `/admin/events/${id}/retry`);
    expect(retry).toEqual({ status: 200, json: { id, status: 'pending' } });
    await stack.settled();

    expect(stack.inbox.get(id)).toMatchObject({ status: 'done', outcome: expect.stringMatching(/logged/) });
    expect(phoneCallsOf(stack.org, call.uniqueid)).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never became true');
}
