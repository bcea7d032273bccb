import type { InboxEntry } from '../../../webhook-receiver/src/inbox/inbox';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import {
  createWorker,
  type FailureClassifier,
  type Task,
  type Worker,
  type WorkerLog,
} from '../../../webhook-receiver/src/worker/worker';
import { eventually, ManualClock, MemoryInbox } from './memory-inbox';

class TransientFailure extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('Dataverse 503: busy');
  }
}

const failures: FailureClassifier = {
  isTransient: (e) => e instanceof TransientFailure,
  retryAfterMs: (e) => (e instanceof TransientFailure ? e.retryAfterMs : undefined),
  describe: (e) => (e instanceof Error ? e.message : String(e)),
};

class RecordingLog implements WorkerLog {
  readonly lines: Array<{ level: string; message: string; details: object }> = [];
  debug = (details: object, message: string) => this.lines.push({ level: 'debug', message, details });
  info = (details: object, message: string) => this.lines.push({ level: 'info', message, details });
  warn = (details: object, message: string) => this.lines.push({ level: 'warn', message, details });
  error = (details: object, message: string) => this.lines.push({ level: 'error', message, details });
}

function event(callId: string, caller = '380501234567'): RingostatEvent {
  return {
    event: 'after-call',
    callId,
    callDate: '2026-03-02T12:00:00Z',
    caller,
    dst: '380441112233',
    utm: {},
    extra: {},
  };
}

const keysOf = (entry: InboxEntry) => [
  `call:${entry.callId}`,
  `phone:${(entry.payload as RingostatEvent).caller}`,
];

describe('worker', () => {
  let inbox: MemoryInbox;
  let clock: ManualClock;
  let log: RecordingLog;
  let worker: Worker | undefined;

  beforeEach(() => {
    inbox = new MemoryInbox();
    clock = new ManualClock();
    log = new RecordingLog();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  function start(task: Task, over: Partial<Parameters<typeof createWorker>[0]> = {}): Worker {
    worker = createWorker({
      inbox,
      clock,
      task,
      keysOf,
      failures,
      log,
      pollIntervalMs: 5,
      random: () => 0,
      policy: { maxAttempts: 3, baseMs: 1_000, capMs: 60_000, jitter: 0.5 },
      ...over,
    });
    worker.start();
    return worker;
  }

  it('completes every pending entry with the outcome the task returned', async () => {
    const ids = [inbox.add(event('a')), inbox.add(event('b', '380671112233'))];
    start(async (entry) => `logged ${entry.callId}`);
    await eventually(() => ids.every((id) => inbox.get(id)?.status === 'done'));
    expect(ids.map((id) => inbox.get(id)?.outcome)).toEqual(['logged a', 'logged b']);
  });

  it('retries a transient failure later with exponential backoff, then completes it', async () => {
    const id = inbox.add(event('a'));
    let calls = 0;
    start(async () => {
      calls += 1;
      if (calls < 3) throw new TransientFailure();
      return 'ok';
    });
    await eventually(() => inbox.get(id)?.status === 'pending' && calls === 1);
    expect(inbox.get(id)?.runAt.getTime()).toBe(clock.now().getTime() + 1_000);
    expect(inbox.get(id)?.lastError).toBe('Dataverse 503: busy');

    clock.advance(1_000);
    worker!.wake();
    await eventually(() => calls === 2 && inbox.get(id)?.status === 'pending');
    expect(inbox.get(id)?.runAt.getTime()).toBe(clock.now().getTime() + 2_000);

    clock.advance(2_000);
    worker!.wake();
    await eventually(() => inbox.get(id)?.status === 'done');
    expect(inbox.get(id)?.attempts).toBe(3);
  });

  it('waits at least as long as Retry-After asks', async () => {
    const id = inbox.add(event('a'));
    start(async () => {
      throw new TransientFailure(45_000);
    });
    await eventually(() => inbox.get(id)?.status === 'pending' && inbox.get(id)?.lastError !== undefined);
    expect(inbox.get(id)!.runAt.getTime() - clock.now().getTime()).toBe(45_000);
  });

  it('dead-letters a permanent failure at once with its reason', async () => {
    const id = inbox.add(event('a'));
    start(async () => {
      throw new Error('Dataverse 400 0x80060888: Could not find a property named ringo_callid');
    });
    await eventually(() => inbox.get(id)?.status === 'dead');
    expect(inbox.get(id)?.lastError).toMatch(/Could not find a property named ringo_callid/);
    expect(inbox.get(id)?.attempts).toBe(1);
    expect(log.lines.some((l) => l.level === 'error' && l.message === 'event dead-lettered')).toBe(true);
  });

  it('dead-letters a transient failure once the attempts are used up', async () => {
    const id = inbox.add(event('a'));
    start(async () => {
      throw new TransientFailure();
    });
    for (let attempt = 1; attempt < 3; attempt++) {
      await eventually(() => inbox.get(id)?.attempts === attempt && inbox.get(id)?.status === 'pending');
      clock.advance(60_000);
      worker!.wake();
    }
    await eventually(() => inbox.get(id)?.status === 'dead');
    expect(inbox.get(id)?.lastError).toBe('gave up after 3 attempts: Dataverse 503: busy');
  });

  it('never runs two entries of one call, or of one client number, at the same time', async () => {
    const running = new Map<string, number>();
    let overlap = 0;
    let parallel = 0;
    let maxParallel = 0;
    const gates: Array<() => void> = [];
    const task: Task = async (entry) => {
      const keys = keysOf(entry);
      for (const key of keys) {
        running.set(key, (running.get(key) ?? 0) + 1);
        if (running.get(key)! > 1) overlap += 1;
      }
      parallel += 1;
      maxParallel = Math.max(maxParallel, parallel);
      await new Promise<void>((resolve) => gates.push(resolve));
      parallel -= 1;
      for (const key of keys) running.set(key, running.get(key)! - 1);
      return 'ok';
    };
    // Two events of one call, a third event from the same number, and an unrelated call.
    inbox.add({ ...event('same'), event: 'before-call' });
    inbox.add(event('same'));
    inbox.add(event('other-call-same-number'));
    inbox.add(event('unrelated', '380931234567'));
    start(task, { concurrency: 4 });
    await eventually(() => gates.length === 2);
    while (inbox.stats().done < 4) {
      const done = inbox.stats().done;
      await eventually(() => gates.length > 0);
      gates.shift()!();
      await eventually(() => inbox.stats().done > done);
    }
    expect(overlap).toBe(0);
    expect(maxParallel).toBe(2);
  });

  it('reclaims an entry whose lease expired after a crash', async () => {
    const id = inbox.add(event('a'));
    inbox.claim({ limit: 1, now: clock.now(), leaseMs: 60_000 }); // a worker that then died
    start(async () => 'ok');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inbox.get(id)?.status).toBe('processing');
    clock.advance(60_001);
    worker!.wake();
    await eventually(() => inbox.get(id)?.status === 'done');
    expect(inbox.get(id)?.attempts).toBe(2);
  });

  it('keeps renewing the lease of a long task, so it is not claimed twice', async () => {
    const id = inbox.add(event('a'));
    let release!: () => void;
    let runs = 0;
    start(
      async () => {
        runs += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return 'ok';
      },
      { leaseMs: 30 },
    );
    await eventually(() => runs === 1);
    const firstLease = inbox.get(id)!.lockedUntil!.getTime();
    clock.advance(25);
    await eventually(() => inbox.get(id)!.lockedUntil!.getTime() > firstLease);
    clock.advance(10); // past the first lease, within the renewed one
    worker!.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await eventually(() => inbox.get(id)?.status === 'done');
    expect(runs).toBe(1);
  });

  it('stop() lets the entry in hand finish and claims nothing more', async () => {
    const first = inbox.add(event('a'));
    let release!: () => void;
    start(
      async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return 'ok';
      },
      { concurrency: 1 },
    );
    await eventually(() => release !== undefined);
    const second = inbox.add(event('b', '380671112233'));
    const stopped = worker!.stop();
    release();
    await stopped;
    expect(inbox.get(first)?.status).toBe('done');
    expect(inbox.get(second)?.status).toBe('pending');
  });

  it('works with an inbox that answers later (the writer thread), and a wake during a claim is not lost', async () => {
    // Every step answers on a later turn, as the writer thread does once its transaction committed.
    let claims = 0;
    let claimGate: Promise<void> = Promise.resolve();
    const later = {
      claim: async (opts: Parameters<MemoryInbox['claim']>[0]) => {
        claims++;
        const claimed = inbox.claim(opts); // what the transaction saw
        await claimGate;
        return claimed;
      },
      extendLease: async (...args: Parameters<MemoryInbox['extendLease']>) => inbox.extendLease(...args),
      complete: async (...args: Parameters<MemoryInbox['complete']>) => {
        await new Promise((resolve) => setImmediate(resolve));
        inbox.complete(...args);
      },
      retryLater: async (...args: Parameters<MemoryInbox['retryLater']>) => inbox.retryLater(...args),
      deadLetter: async (...args: Parameters<MemoryInbox['deadLetter']>) => inbox.deadLetter(...args),
    };
    const first = inbox.add(event('a'));
    start(async (entry) => `logged ${entry.callId}`, { inbox: later, pollIntervalMs: 60_000 });
    await eventually(() => inbox.get(first)?.status === 'done');
    expect(inbox.get(first)?.outcome).toBe('logged a');
    // The look after the first event finished (the backlog check) comes back empty; let it settle.
    await eventually(() => claims === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));

    // A claim is on its way when the next event arrives and the intake wakes the worker.
    let openGate!: () => void;
    claimGate = new Promise((resolve) => (openGate = resolve));
    const claimsBefore = claims;
    worker!.wake();
    await eventually(() => claims === claimsBefore + 1);
    const second = inbox.add(event('b', '380671112233'));
    worker!.wake();
    await new Promise((resolve) => setTimeout(resolve, 20)); // that wake's look runs into the claim in flight
    openGate();
    // The poll interval is a minute: only the remembered wake can find the second event this soon.
    await eventually(() => inbox.get(second)?.status === 'done');
  });
});
