import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboxError } from '../../../webhook-receiver/src/errors';
import { createGroupCommit } from '../../../webhook-receiver/src/inbox/group-commit';
import type { AcceptInput } from '../../../webhook-receiver/src/inbox/inbox';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import type { WebhookEventName } from '../../../webhook-receiver/src/ringostat/ringostat-event';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function input(callId: string, event: WebhookEventName = 'after-call', receivedAt = T0): AcceptInput {
  return {
    payload: {
      event,
      callId,
      callDate: '2026-03-02T12:00:00.000Z',
      caller: '380501234567',
      dst: '380441112233',
      utm: {},
      extra: { note: 'Дзвінок' },
    },
    raw: {
      method: 'POST',
      url: `/ringostat/${event}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    receivedAt,
  };
}

let dir: string;
let file: string;
let inbox: SqliteInbox;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'inbox-'));
  file = join(dir, 'nested', 'inbox.sqlite');
  inbox = createSqliteInbox({ file });
});
afterEach(() => {
  inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteInbox, intake side', () => {
  test('an accepted event is pending, with its payload and raw request intact', () => {
    const { id, duplicate } = inbox.accept(input('c1'));
    expect(duplicate).toBe(false);
    expect(inbox.get(id)).toMatchObject({
      id,
      event: 'after-call',
      callId: 'c1',
      status: 'pending',
      attempts: 0,
      receivedAt: T0,
      runAt: T0,
      payload: { extra: { note: 'Дзвінок' } },
      raw: { body: '{}' },
    });
  });

  test('the same (event, call id) twice is one row; the second answer is a duplicate with the same id', () => {
    const first = inbox.accept(input('c1'));
    const again = inbox.accept(input('c1'));
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(inbox.list({}).length).toBe(1);
  });

  test('the same call id on another event is a separate row', () => {
    inbox.accept(input('c1', 'before-call'));
    expect(inbox.accept(input('c1', 'after-call')).duplicate).toBe(false);
    expect(inbox.stats(T0).pending).toBe(2);
  });

  test('acceptMany commits a batch and spots duplicates inside it', () => {
    const results = inbox.acceptMany([input('a'), input('b'), input('a')]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, true]);
    expect(results[2]?.id).toBe(results[0]?.id);
  });

  test('the group commit answers each caller after its batch is committed', async () => {
    const accept = createGroupCommit(inbox);
    const answers = await Promise.all([accept(input('g1')), accept(input('g2')), accept(input('g1'))]);
    expect(answers.map((a) => a.duplicate)).toEqual([false, false, true]);
    expect(inbox.stats(T0).pending).toBe(2);
  });

  test('an event survives closing and reopening the file', () => {
    const { id } = inbox.accept(input('durable'));
    inbox.close();
    inbox = createSqliteInbox({ file });
    expect(inbox.get(id)?.callId).toBe('durable');
  });

  test('rejected requests are kept apart with their reason and listed newest first', () => {
    const raw = { method: 'POST', url: '/ringostat/after-call', headers: {}, body: '{"x":1}' };
    inbox.reject({ event: 'after-call', status: 400, reason: 'billsec: missing', raw, receivedAt: T0 });
    inbox.reject({ event: 'after-call', status: 413, reason: 'too large', raw, receivedAt: at(1) });
    expect(inbox.listRejected({}).map((r) => [r.status, r.reason])).toEqual([
      [413, 'too large'],
      [400, 'billsec: missing'],
    ]);
    expect(inbox.stats(T0)).toMatchObject({ pending: 0, rejected: 2 });
  });
});

describe('SqliteInbox, worker side', () => {
  test('claim takes due entries oldest first, up to the limit, and counts the attempt', () => {
    const ids = ['a', 'b', 'c'].map((c, i) => inbox.accept(input(c, 'after-call', at(i))).id);
    const claimed = inbox.claim({ limit: 2, now: at(10), leaseMs: 30_000 });
    expect(claimed.map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(claimed[0]).toMatchObject({ status: 'processing', attempts: 1, lockedUntil: at(40) });
    expect(inbox.claim({ limit: 10, now: at(10), leaseMs: 30_000 }).map((e) => e.id)).toEqual([ids[2]]);
    expect(inbox.claim({ limit: 10, now: at(10), leaseMs: 30_000 })).toEqual([]);
  });

  test('an entry whose lease ran out is claimed again (a crashed worker)', () => {
    const { id } = inbox.accept(input('crash'));
    inbox.claim({ limit: 1, now: T0, leaseMs: 30_000 });
    expect(inbox.claim({ limit: 1, now: at(29), leaseMs: 30_000 })).toEqual([]);
    const again = inbox.claim({ limit: 1, now: at(30), leaseMs: 30_000 });
    expect(again.map((e) => [e.id, e.attempts])).toEqual([[id, 2]]);
  });

  test('extendLease keeps an entry from being reclaimed', () => {
    const { id } = inbox.accept(input('slow'));
    inbox.claim({ limit: 1, now: T0, leaseMs: 30_000 });
    inbox.extendLease(id, { now: at(20), leaseMs: 30_000 });
    expect(inbox.claim({ limit: 1, now: at(45), leaseMs: 30_000 })).toEqual([]);
    expect(inbox.get(id)?.lockedUntil).toEqual(at(50));
  });

  test('retryLater makes the entry wait until runAt', () => {
    const { id } = inbox.accept(input('retry'));
    inbox.claim({ limit: 1, now: T0, leaseMs: 30_000 });
    inbox.retryLater(id, { now: at(1), runAt: at(60), error: '429 Too Many Requests' });
    expect(inbox.get(id)).toMatchObject({
      status: 'pending',
      lastError: '429 Too Many Requests',
      runAt: at(60),
    });
    expect(inbox.claim({ limit: 1, now: at(59), leaseMs: 30_000 })).toEqual([]);
    expect(inbox.claim({ limit: 1, now: at(60), leaseMs: 30_000 })[0]?.attempts).toBe(2);
  });

  test('complete records the outcome and the entry is never claimed again', () => {
    const { id } = inbox.accept(input('ok'));
    inbox.claim({ limit: 1, now: T0, leaseMs: 30_000 });
    inbox.complete(id, { now: at(1), outcome: 'phonecall 1 created' });
    expect(inbox.get(id)).toMatchObject({ status: 'done', outcome: 'phonecall 1 created' });
    expect(inbox.get(id)).not.toHaveProperty('lockedUntil');
    expect(inbox.claim({ limit: 1, now: at(9999), leaseMs: 1 })).toEqual([]);
  });

  test('dead → requeue → pending again with fresh attempts; requeue refuses other states', () => {
    const { id } = inbox.accept(input('poison'));
    inbox.claim({ limit: 1, now: T0, leaseMs: 30_000 });
    expect(inbox.requeue(id, at(1))).toBe(false);
    inbox.deadLetter(id, { now: at(1), error: '400 invalid column' });
    expect(inbox.get(id)).toMatchObject({ status: 'dead', lastError: '400 invalid column' });
    expect(inbox.claim({ limit: 1, now: at(2), leaseMs: 30_000 })).toEqual([]);
    expect(inbox.requeue(id, at(3))).toBe(true);
    expect(inbox.get(id)).toMatchObject({ status: 'pending', attempts: 0, runAt: at(3) });
    expect(inbox.claim({ limit: 1, now: at(3), leaseMs: 30_000 }).map((e) => e.id)).toEqual([id]);
  });

  test('changing an unknown entry is a caller error', () => {
    expect(() => inbox.complete(999, { now: T0, outcome: 'x' })).toThrow(InboxError);
    expect(() => inbox.extendLease(999, { now: T0, leaseMs: 1 })).toThrow(/999/);
  });

  test('list filters by status and pages with beforeId, newest first', () => {
    const ids = ['a', 'b', 'c', 'd'].map((c) => inbox.accept(input(c)).id);
    inbox.claim({ limit: 1, now: T0, leaseMs: 1000 });
    expect(inbox.list({ status: 'pending' }).map((e) => e.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(inbox.list({ limit: 2, beforeId: ids[3] as number }).map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(inbox.list({ status: 'processing' }).map((e) => e.id)).toEqual([ids[0]]);
  });

  test('stats count every status and the age of the oldest pending entry', () => {
    inbox.accept(input('old', 'after-call', T0));
    inbox.accept(input('new', 'after-call', at(30)));
    const { id } = inbox.accept(input('dead', 'after-call', at(40)));
    inbox.deadLetter(id, { now: at(41), error: 'x' });
    expect(inbox.stats(at(100))).toEqual({
      pending: 2,
      processing: 0,
      done: 0,
      dead: 1,
      rejected: 0,
      oldestPendingAgeSeconds: 100,
    });
    expect(createEmptyStats()).toMatchObject({ oldestPendingAgeSeconds: null });
  });

  test('purgeDone deletes only done entries older than the cut-off', () => {
    const done = inbox.accept(input('done')).id;
    const fresh = inbox.accept(input('fresh')).id;
    const waiting = inbox.accept(input('waiting')).id;
    inbox.claim({ limit: 2, now: T0, leaseMs: 1000 });
    inbox.complete(done, { now: at(10), outcome: 'x' });
    inbox.complete(fresh, { now: at(100), outcome: 'x' });
    expect(inbox.purgeDone(at(50))).toBe(1);
    expect(inbox.get(done)).toBeUndefined();
    expect(inbox.get(fresh)?.status).toBe('done');
    expect(inbox.get(waiting)?.status).toBe('pending');
  });
});

function createEmptyStats() {
  const other = createSqliteInbox({ file: join(dir, 'empty.sqlite') });
  try {
    return other.stats(T0);
  } finally {
    other.close();
  }
}
