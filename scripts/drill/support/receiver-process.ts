import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The receiver as a real child process, exactly as an operator runs it (`webhook-receiver/src/server.ts`
 * under tsx). Resolves once it prints its listening address; `kill('SIGKILL')` is a crash, `stop()` the
 * graceful SIGTERM close.
 */
export const ROOT = join(__dirname, '..', '..', '..');

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
  options: { startTimeoutMs?: number } = {},
): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'webhook-receiver/src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
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
