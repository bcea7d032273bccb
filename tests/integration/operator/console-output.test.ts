import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, ROOT, start, type Started } from './fresh-clone';

/**
 * What the receiver prints, as a real process: JSON lines only when stdout is not a terminal (a pipe,
 * systemd's journal, Docker), human lines on a terminal — a real pseudo-terminal from util-linux's
 * `script` — and the start-up text in the operator's language.
 */
jest.setTimeout(60_000);

const TOKEN = 'console-test-token-0123456789';
const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
let dataDir: string;
const running: Started[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'console-output-'));
});
afterEach(async () => {
  for (const process of running.splice(0)) await process.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ...extra,
  });
}
const RECEIVER = ['--import', 'tsx', 'webhook-receiver/src/server.ts'];

/** The receiver on a pipe. */
function onPipe(extra: Record<string, string> = {}, args: string[] = []): Started {
  const started = start(process.execPath, [...RECEIVER, ...args], { cwd: ROOT, env: env(extra) });
  running.push(started);
  return started;
}

/** The receiver on a pseudo-terminal: `script` gives it a tty and copies what it shows to our pipe. */
function onTerminal(extra: Record<string, string> = {}, args: string[] = []): Started {
  const command = [process.execPath, ...RECEIVER, ...args].join(' ');
  const started = start('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: env(extra) });
  running.push(started);
  return started;
}

/** SIGTERM to the receiver's node itself (under `script` it runs in a session of its own, below a shell). */
async function terminate(started: Started): Promise<void> {
  const pids = descendants(started.child.pid ?? 0);
  const receiver = pids.find((pid) =>
    readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(`${process.execPath}\0`),
  );
  if (receiver) process.kill(receiver, 'SIGTERM');
  await started.waitFor(/shutting down/);
}

function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return [...children, ...children.flatMap(descendants)];
}

async function postCall(base: string): Promise<number> {
  const response = await fetch(`${base}/ringostat/after-call?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      uniqueid: 'console-1',
      calldate: '2026-03-02 14:05:11',
      caller: '380671112233',
      dst: '380441112233',
      disposition: 'ANSWERED',
      billsec: '80',
    }),
  });
  return response.status;
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

test('not on a terminal, every line on stdout is a JSON record, the start-up text included', async () => {
  const receiver = onPipe();
  const base = (await receiver.waitFor(LISTENING))[1] ?? '';
  expect(await postCall(base)).toBe(200);
  await receiver.waitFor(/webhook accepted/);
  await receiver.stop();

  const lines = receiver.output().trim().split('\n');
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const startup = records.find((record) => Array.isArray(record.startup));
  expect(startup).toMatchObject({
    level: 30,
    component: 'startup',
    url: base,
    msg: expect.stringMatching(LISTENING),
  });
  expect(startup?.startup).toContain(
    `  Incoming call, after call:   ${base}/ringostat/after-call?token=${TOKEN}`,
  );
  expect(records.some((record) => record.msg === 'webhook accepted')).toBe(true);
  expect(
    records.some((record) => record.msg === 'shutting down: no new requests, finishing the ones in flight'),
  ).toBe(true);
});

test('not on a terminal, the start-up record is written even when LOG_LEVEL hides info', async () => {
  const receiver = onPipe({ LOG_LEVEL: 'warn' });
  await receiver.waitFor(LISTENING);
  const record = JSON.parse(receiver.output().trim().split('\n')[0] ?? '') as Record<string, unknown>;
  expect(record).toMatchObject({ component: 'startup', level: 30 });
});

test('on a terminal, log records are pretty single lines and the start-up text is plain text', async () => {
  const receiver = onTerminal();
  const base = (await receiver.waitFor(LISTENING))[1] ?? '';
  expect(await postCall(base)).toBe(200);
  await receiver.waitFor(/webhook accepted/);
  await terminate(receiver);

  const lines = receiver.output().replace(/\r/g, '').split('\n');
  expect(
    lines.some((line) => /^Ringostat receiver listening on http:\/\/127\.0\.0\.1:\d+ — demo mode/.test(line)),
  ).toBe(true);
  expect(receiver.output()).toMatch(ANSI); // coloured on a terminal
  const plain = lines.map((line) => line.replace(ANSI, ''));
  expect(plain).toContainEqual(
    expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: webhook accepted \{.*"callId":"console-1"/),
  );
  // The record logged while closing still reaches the terminal through the transport's thread.
  expect(plain).toContainEqual(expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: shutting down/));
  expect(plain.filter((line) => line.startsWith('{'))).toEqual([]);
});

test('on a terminal, LOG_FORMAT=json and NO_COLOR are obeyed', async () => {
  const json = onTerminal({ LOG_FORMAT: 'json' });
  await json.waitFor(/"msg":"Server listening at/);
  expect(json.output()).toMatch(/^\{"level":30,/m);

  const colourless = onTerminal({ NO_COLOR: '1' });
  await colourless.waitFor(/INFO: Server listening at/);
  expect(colourless.output()).not.toMatch(ANSI);
});

test('the start-up text is Ukrainian for a uk_UA locale, and --lang overrides the locale', async () => {
  const ukrainian = onTerminal({ LANG: 'uk_UA.UTF-8' });
  await ukrainian.waitFor(/Приймач Ringostat слухає на http:\/\/127\.0\.0\.1:\d+ — демо-режим/);
  expect(ukrainian.output()).toMatch(
    /^ {2}Після дзвінка: +http:\/\/127\.0\.0\.1:\d+\/ringostat\/after-call\?token=/m,
  );

  const english = onTerminal({ LANG: 'uk_UA.UTF-8' }, ['--lang', 'en']);
  await english.waitFor(LISTENING);
  expect(english.output()).not.toContain('Приймач');
});

test('an unknown --lang stops the start with a message naming the flag', async () => {
  const receiver = onPipe({}, ['--lang', 'de']);
  await expect(receiver.waitFor(/--lang must be uk or en, got "de"/)).resolves.toBeTruthy();
  expect(receiver.output()).not.toMatch(/listening/);
});

test('outside demo mode the JSON start-up record keeps the webhook token out of the log', async () => {
  // A Dataverse nobody answers at: the receiver starts anyway and retries in the background.
  const receiver = onPipe({ DATAVERSE_URL: 'http://127.0.0.1:9', DATAVERSE_TOKEN: 'x' });
  await receiver.waitFor(/"component":"startup"/);
  const record = receiver
    .output()
    .split('\n')
    .map((line) => JSON.parse(line || '{}') as { component?: string; startup?: string[] })
    .find((entry) => entry.component === 'startup');
  expect(record?.startup).toContainEqual(expect.stringMatching(/after-call\?token=\[redacted\]$/));
  expect(receiver.output()).not.toContain(TOKEN);
});
