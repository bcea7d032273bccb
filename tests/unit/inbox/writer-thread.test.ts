import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcceptInput } from '../../../webhook-receiver/src/inbox/inbox';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createWriterThread, type WriterThread } from '../../../webhook-receiver/src/inbox/writer-thread';

const input = (callId: string): AcceptInput => ({
  payload: {
    event: 'after-call',
    callId,
    callDate: '2026-03-02T12:00:00.000Z',
    caller: '380501234567',
    dst: '380441112233',
    employeeFio: 'Іван Петренко',
    utm: {},
    extra: {},
  },
  raw: { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '{"uniqueid":"x"}' },
  receivedAt: new Date('2026-03-02T12:00:00.000Z'),
});

let dir: string;
let inbox: SqliteInbox;
let committer: WriterThread;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'threaded-'));
  const file = join(dir, 'inbox.sqlite');
  inbox = createSqliteInbox({ file });
  committer = createWriterThread({ file });
});
afterEach(async () => {
  await committer.close();
  inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the inbox writer thread', () => {
  test('an answered accept is readable at once from the main connection', async () => {
    const { id, duplicate } = await committer.accept(input('t1'));
    expect(duplicate).toBe(false);
    expect(inbox.get(id)).toMatchObject({
      callId: 't1',
      status: 'pending',
      payload: { employeeFio: 'Іван Петренко' },
    });
  });

  test('many concurrent accepts each get their own row; repeats are duplicates of the first', async () => {
    const calls = Array.from({ length: 50 }, (_, i) => `c${i % 25}`);
    const results = await Promise.all(calls.map((c) => committer.accept(input(c))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(25);
    expect(new Set(results.map((r) => r.id)).size).toBe(25);
    expect(inbox.stats(new Date()).pending).toBe(25);
    expect(results[25]).toEqual({ id: results[0]?.id, duplicate: true });
  });

  test('close waits for the commit in flight, then refuses new events', async () => {
    const pending = committer.accept(input('last'));
    await committer.close();
    expect(inbox.get((await pending).id)?.callId).toBe('last');
    await expect(committer.accept(input('late'))).rejects.toThrow(/closed/);
  });

  test('a commit that fails rejects the callers of that batch (the HTTP layer answers 500)', async () => {
    inbox.close();
    rmSync(dir, { recursive: true, force: true });
    await committer.close();
    committer = createWriterThread({ file: join(dir, 'missing', 'inbox.sqlite') });
    await expect(committer.accept(input('x'))).rejects.toThrow();
    inbox = createSqliteInbox({ file: join(dir, 'again.sqlite') });
  });

  test("the worker's steps commit on the thread: claim, renew, complete, retry later, dead-letter", async () => {
    const now = new Date('2026-03-02T12:00:01.000Z');
    const ids = await Promise.all(['w1', 'w2', 'w3'].map(async (c) => (await committer.accept(input(c))).id));
    const claimed = await committer.claim({ limit: 10, now, leaseMs: 60_000 });
    expect(claimed.map((e) => e.id)).toEqual(ids);
    expect(claimed[0]).toMatchObject({ status: 'processing', attempts: 1, payload: { callId: 'w1' } });
    expect(await committer.claim({ limit: 10, now, leaseMs: 60_000 })).toEqual([]);

    const [a, b, c] = ids as [number, number, number];
    await Promise.all([
      committer.extendLease(a, { now, leaseMs: 120_000 }),
      committer.complete(b, { now, outcome: 'logged' }),
      committer.retryLater(c, { now, runAt: new Date(now.getTime() + 5_000), error: 'Dataverse 503' }),
    ]);
    expect(inbox.get(a)?.lockedUntil?.getTime()).toBe(now.getTime() + 120_000);
    expect(inbox.get(b)).toMatchObject({ status: 'done', outcome: 'logged' });
    expect(inbox.get(c)).toMatchObject({ status: 'pending', lastError: 'Dataverse 503' });
    await committer.deadLetter(a, { now, error: 'Dataverse 400: bad column' });
    expect(inbox.get(a)).toMatchObject({ status: 'dead', lastError: 'Dataverse 400: bad column' });
  });

  test('a step that does not apply rejects alone; the rest of its transaction commits', async () => {
    const now = new Date('2026-03-02T12:00:01.000Z');
    const { id } = await committer.accept(input('only'));
    const results = await Promise.allSettled([
      committer.complete(999_999, { now, outcome: 'x' }),
      committer.extendLease(id, { now, leaseMs: 1_000 }), // pending, not processing: nothing to extend
      committer.complete(id, { now, outcome: 'logged' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({
      name: 'InboxError',
      message: expect.stringContaining('999999') as unknown,
    });
    expect(inbox.get(id)).toMatchObject({ status: 'done' });
  });

  test('steps queued in one turn share one transaction, in the order they were asked for', async () => {
    const now = new Date('2026-03-02T12:00:01.000Z');
    // The accept and the claim after it leave together: the claim sees the row the accept wrote.
    const accepted = committer.accept(input('same-turn'));
    const claimed = committer.claim({ limit: 5, now, leaseMs: 60_000 });
    expect((await claimed).map((e) => e.id)).toEqual([(await accepted).id]);
  });

  test('a claim waits for a write on another connection instead of failing with a stale snapshot', async () => {
    const { id } = await committer.accept(input('contended'));
    const other = new Database(join(dir, 'inbox.sqlite'));
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    other
      .prepare('INSERT INTO rejected (event, status, reason, raw, received_at) VALUES (?, ?, ?, ?, ?)')
      .run('after-call', 400, 'caller is missing', '{}', Date.now());
    const claimed = committer.claim({ limit: 5, now: new Date('2026-03-02T12:00:01.000Z'), leaseMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 30)); // the claim is waiting for the lock now
    other.exec('COMMIT');
    other.close();
    expect((await claimed).map((e) => e.id)).toEqual([id]);
    expect(inbox.stats(new Date()).rejected).toBe(1);
  });

  test('a rejected request is kept with its reason and the raw request, written by the thread', async () => {
    const id = await committer.reject({
      event: 'after-call',
      status: 400,
      reason: 'caller: missing',
      raw: { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '{"uniqueid":"x"}' },
      receivedAt: new Date('2026-03-02T12:00:00.000Z'),
    });
    expect(inbox.listRejected({})).toEqual([
      expect.objectContaining({
        id,
        status: 400,
        reason: 'caller: missing',
        raw: expect.objectContaining({ body: '{"uniqueid":"x"}' }) as unknown,
      }),
    ]);
  });
});
