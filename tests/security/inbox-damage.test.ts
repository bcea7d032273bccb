import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiverProcess } from '../../scripts/drill/support/receiver-process';
import { createSqliteInbox } from '../../webhook-receiver/src/inbox/sqlite-inbox';

/**
 * A damaged inbox refuses to start (docs/adr/0083-readiness-tells-the-truth.md): the receiver process
 * (`npm run serve`) exits 1 with a message that says what is wrong and what to do, instead of answering
 * 200 to webhooks it cannot keep.
 */
jest.setTimeout(60_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'inbox-damage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An inbox with a few hundred rows over many pages, closed cleanly (the WAL checkpointed into the file). */
function seedInbox(): string {
  const file = join(dir, 'inbox.sqlite');
  const inbox = createSqliteInbox({ file });
  for (let i = 0; i < 300; i++) {
    inbox.reject({
      event: 'after-call',
      status: 400,
      reason: `seed ${i}`,
      raw: { method: 'POST', url: '/ringostat/after-call', headers: {}, body: 'x'.repeat(1_000) },
      receivedAt: new Date(),
    });
  }
  inbox.close();
  return file;
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

async function startFails(): Promise<string> {
  const env = { DATA_DIR: dir, RINGOSTAT_WEBHOOK_TOKEN: 'damage-token-0123456789' };
  const error = await startReceiverProcess(env).then(
    async (started) => {
      await started.stop();
      throw new Error('the receiver started on a damaged inbox');
    },
    (thrown: unknown) => (thrown as Error).message,
  );
  return error;
}

test('pages overwritten in the middle of the file: exit 1, "damaged", what to do', async () => {
  const file = seedInbox();
  // The headers of a few b-tree pages (page size 4096): the structure quick_check walks.
  for (const page of [2, 3, 5, 8]) overwrite(file, 4096 * page, Buffer.alloc(64, 0xa5));
  const message = await startFails();
  expect(message).toMatch(/exited \(1\)/);
  expect(message).toContain(`The inbox ${file} is damaged (SQLite quick_check:`);
  expect(message).toContain('restore the latest backup');
  expect(message).not.toMatch(/\n\s+at /); // a message for an operator, not a stack trace
});

test('a file that is not a database at all: exit 1 with the same advice', async () => {
  const file = seedInbox();
  overwrite(file, 0, Buffer.from('this is not an SQLite header at all'));
  const message = await startFails();
  expect(message).toMatch(/exited \(1\)/);
  expect(message).toContain('is damaged (SQLite quick_check: SQLITE_NOTADB');
});

test('the same inbox undamaged starts (the check does not refuse good files)', async () => {
  seedInbox();
  const env = { DATA_DIR: dir, RINGOSTAT_WEBHOOK_TOKEN: 'damage-token-0123456789' };
  const started = await startReceiverProcess(env);
  expect((await fetch(`${started.url}/readyz`)).status).toBe(200);
  await started.stop();
});
