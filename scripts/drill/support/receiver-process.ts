import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';

/**
 * The receiver as a real child process, exactly as an operator runs it (`webhook-receiver/src/server.ts`
 * under tsx). Resolves once it prints its listening address; `kill('SIGKILL')` is a crash, `stop()` the
 * graceful SIGTERM close.
 */
export const ROOT = join(__dirname, '..', '..', '..');

/** server.ts with the worker lease and poll interval from DRILL_LEASE_MS / DRILL_POLL_MS. */
export const TUNED_RECEIVER = 'scripts/drill/support/tuned-receiver.ts';

/**
 * DRILL_LOG_DIR keeps every receiver's log lines in files there (DRILL_LOG_LEVEL, default warn for
 * processes and silent in process), so they can be searched for secrets and phone numbers afterwards
 * (`npm run check-logs -- <dir>`, docs/security.md).
 */
let logFiles = 0;
function drillLogFile(kind: string): string | undefined {
  const dir = process.env.DRILL_LOG_DIR;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return join(dir, `${kind}-${process.pid}-${++logFiles}.log`);
}

/** Where an in-process receiver of a drill logs: a DRILL_LOG_DIR file, else pino's default (stdout). */
export function drillLogDestination(): pino.DestinationStream | undefined {
  const file = drillLogFile('pipeline');
  return file ? pino.destination({ dest: file, sync: true }) : undefined;
}

/** A port that was free a moment ago, so a restarted receiver can come back on the same address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ReceiverProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startReceiverProcess(
  env: Record<string, string>,
  options: { startTimeoutMs?: number; entry?: string } = {},
): Promise<ReceiverProcess> {
  const entry = options.entry ?? 'webhook-receiver/src/server.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const logFile = drillLogFile('receiver');
  if (logFile) {
    child.stdout?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
    child.stderr?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the receiver did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`),
      );
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the receiver exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    child,
    exited,
    output: () => output,
    kill,
    async stop(graceMs = 10_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await kill('SIGTERM');
      clearTimeout(timer);
      return result;
    },
  };
}
