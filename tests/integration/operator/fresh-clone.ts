import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What an operator does on a new machine, for real: clone the repository (its committed state, as CI and
 * an operator get it), run npm commands in the clone, start a long-running command and read its output.
 * The environment is a clean one (PATH, HOME, the npm cache), never the test runner's own.
 */
export const ROOT = join(__dirname, '..', '..', '..');

export interface Clone {
  dir: string;
  remove(): void;
}

export function cloneRepository(prefix: string): Clone {
  const parent = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const dir = join(parent, 'repo');
  const cloned = spawnSync('git', ['clone', '--quiet', ROOT, dir], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
  for (const name of ['npm_config_cache', 'TMPDIR']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end (stdout and stderr together), failing after `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${options.timeoutMs} ms:\n${output}`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export interface Started {
  child: ChildProcess;
  output(): string;
  /** The first match of `pattern` in the output (waits for it, up to `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /**
   * SIGTERM to the process group (npm and the node it started), as Ctrl-C or `systemctl stop` would;
   * resolves once every process of the group has gone.
   */
  stop(): Promise<void>;
}

/** Every process `start` began and nobody stopped yet: `stopAll` ends them when a test failed halfway. */
const running = new Set<Started>();

/** Stops whatever `start` began that is still running (call it in afterAll, so a failure leaks nothing). */
export async function stopAll(): Promise<void> {
  for (const started of [...running]) await started.stop();
}

export function start(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'pipe', detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // 'close' comes after the last output has been read; 'exit' may come before it.
  let closed = false;
  child.on('close', () => (closed = true));
  const started: Started = {
    child,
    output: () => output,
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (closed || Date.now() > deadline) throw new Error(`never printed ${pattern}; output:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      running.delete(started);
      const group = child.pid;
      if (!group) return;
      if (child.exitCode === null && child.signalCode === null) process.kill(-group, 'SIGTERM');
      await exited;
      for (let i = 0; groupAlive(group); i++) {
        if (i > 600) throw new Error(`process group ${group} still runs 30 s after SIGTERM:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  running.add(started);
  return started;
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
