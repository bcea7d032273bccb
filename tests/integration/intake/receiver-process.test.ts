import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';

/**
 * The receiver as a real process (`node --import tsx webhook-receiver/src/server.ts`): a 200 means the
 * event is on disk even if the process dies the next instant, SIGTERM closes gracefully, and a bad
 * configuration stops the start with a clear message.
 */

const ROOT = join(__dirname, '..', '..', '..');
const TOKEN = 'process-test-token-0123456789';
const CALL = {
  uniqueid: 'ua18_-1791545397.2215926',
  calldate: '2026-03-02 14:05:11',
  caller: '380671112233',
  dst: '380441112233',
  disposition: 'ANSWERED',
  billsec: '80',
  employee_fio: 'Іван Петренко',
};

interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'receiver-process-'));
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function spawnReceiver(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'webhook-receiver/src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, base: '', exited, output: () => output };
}

async function startReceiver(env: Record<string, string> = {}): Promise<Running> {
  const running = spawnReceiver({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ...env,
  });
  const base = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.output());
      if (match?.[1]) resolve(match[1]);
    };
    running.child.stdout?.on('data', check);
    void running.exited.then(() => reject(new Error(`receiver exited early:\n${running.output()}`)));
  });
  return { ...running, base };
}

/** Polls until `condition` holds; gives up after ~50 s so a failing test cannot keep jest alive. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 2500) throw new Error('condition never became true');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function postCall(base: string) {
  return fetch(`${base}/ringostat/after-call?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CALL),
  });
}

test('killed with SIGKILL right after a 200, the restarted receiver still holds the event', async () => {
  const first = await startReceiver();
  const response = await postCall(first.base);
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: number };
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');

  const second = await startReceiver();
  const again = await postCall(second.base);
  expect(await again.json()).toEqual({ status: 'accepted', id, duplicate: true });
  second.child.kill('SIGTERM');
  await second.exited;

  const inbox = createSqliteInbox({ file: join(dataDir, 'inbox.sqlite') });
  try {
    expect(inbox.get(id)).toMatchObject({
      callId: CALL.uniqueid,
      status: 'pending',
      payload: { employeeFio: 'Іван Петренко' },
    });
  } finally {
    inbox.close();
  }
}, 60_000);

test('SIGTERM closes gracefully with exit code 0', async () => {
  const running = await startReceiver();
  expect((await postCall(running.base)).status).toBe(200);
  running.child.kill('SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
}, 60_000);

test('SIGTERM lets a request already in flight finish with 200 before the process exits', async () => {
  const running = await startReceiver({ LOG_LEVEL: 'info' });
  const body = JSON.stringify(CALL);
  const { port } = new URL(running.base);
  const req = request({
    agent: false,
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/ringostat/after-call?token=${TOKEN}`,
    // "100-continue" makes the server confirm it has the request before the body is sent.
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  await new Promise<void>((resolve) => req.once('continue', resolve));
  running.child.kill('SIGTERM');
  await until(() => running.output().includes('shutting down'));
  req.end(body);

  const { status, text } = await answer;
  expect(status).toBe(200);
  expect(JSON.parse(text)).toMatchObject({ status: 'accepted', duplicate: false });
  expect(await running.exited).toEqual({ code: 0, signal: null });
}, 60_000);

test('outside demo mode, no webhook token means no start: exit 1 and a message naming the variable', async () => {
  const running = spawnReceiver({
    DATA_DIR: dataDir,
    PORT: '0',
    DATAVERSE_URL: 'https://contoso.crm4.dynamics.com',
    DATAVERSE_TOKEN: 'x',
  });
  expect((await running.exited).code).toBe(1);
  expect(running.output()).toMatch(/RINGOSTAT_WEBHOOK_TOKEN is required/);
  expect(running.output()).not.toMatch(/listening/);
}, 60_000);

test('a DATA_DIR that cannot hold the inbox stops the start: exit 1 and a message naming DATA_DIR', async () => {
  const blocked = join(dataDir, 'not-a-directory');
  writeFileSync(blocked, 'a file where the data directory should be');
  const running = spawnReceiver({ DATA_DIR: blocked, PORT: '0', RINGOSTAT_WEBHOOK_TOKEN: TOKEN });
  expect((await running.exited).code).toBe(1);
  expect(running.output()).toMatch(/check that DATA_DIR exists, is writable/);
  expect(running.output()).not.toMatch(/listening/);
}, 60_000);
