import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcceptInput } from '../../../webhook-receiver/src/inbox/inbox';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import {
  createThreadedAccept,
  type ThreadedAccept,
} from '../../../webhook-receiver/src/inbox/threaded-accept';

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
let committer: ThreadedAccept;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'threaded-'));
  const file = join(dir, 'inbox.sqlite');
  inbox = createSqliteInbox({ file });
  committer = createThreadedAccept({ file });
});
afterEach(async () => {
  await committer.close();
  inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('threaded group commit', () => {
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
    committer = createThreadedAccept({ file: join(dir, 'missing', 'inbox.sqlite') });
    await expect(committer.accept(input('x'))).rejects.toThrow();
    inbox = createSqliteInbox({ file: join(dir, 'again.sqlite') });
  });
});
