import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../emulators/dataverse/src';
import { ADMIN_TOKEN, WEBHOOK_TOKEN } from '../drill/support/drill-env';
import { ROOT } from '../drill/support/receiver-process';
import {
  forwardingLoadInChild,
  percentile,
  seedForwardingOrg,
  waitForForwarding,
  type LoadResult,
} from './forwarding-load';
import { machineLine, writeSection } from './report';

/**
 * `npm run bench -- forwarding`: /ringostat/forwarding at a fixed 200 requests/s against a receiver whose
 * phone directory holds 100,000 contacts. The receiver runs as an operator runs it (server.ts in its own
 * process, LOG_LEVEL=info), the load generator in another, the Dataverse emulator in this one. Two runs:
 * Dataverse up (its request log shows what the receiver asked during the run), then Dataverse stopped.
 * Target: p99 < 10 ms and 0 Dataverse requests from the answers. Writes docs/performance.md § forwarding.
 */
const CONTACTS = Number(process.env.BENCH_FORWARDING_CONTACTS ?? 100_000);
const RATE = Number(process.env.BENCH_FORWARDING_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_FORWARDING_SECONDS ?? 30);
const TARGET_P99_MS = 10;
/**
 * The same load before the measured runs, reported on its own row: the receiver has just read 100,000
 * contacts, and for some seconds it is still collecting that read's garbage and compiling its hot paths.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_FORWARDING_WARMUP ?? 20);

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-forwarding-'));
  const org = await startEmulatorServer({ host: '127.0.0.1', port: 0 });
  let receiver: { url: string; stop(): Promise<unknown> } | undefined;
  try {
    const seedStart = performance.now();
    seedForwardingOrg(org.emulator, CONTACTS);
    console.log(`seeded ${CONTACTS} contacts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const syncStart = performance.now();
    receiver = await startLoggingReceiver(join(dataDir, 'receiver.log'), {
      DATA_DIR: dataDir,
      DATAVERSE_URL: org.url,
      DATAVERSE_TOKEN: 'bench',
      RINGOSTAT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      ADMIN_TOKEN,
      LOG_LEVEL: 'info',
    });
    await waitForForwarding(receiver.url, ADMIN_TOKEN, CONTACTS);
    const syncSeconds = (performance.now() - syncStart) / 1000;
    console.log(
      `receiver ready, ${CONTACTS} contacts in its phone directory after ${syncSeconds.toFixed(1)} s`,
    );

    const url = receiver.url;
    const load = (seconds = SECONDS) =>
      forwardingLoadInChild({
        url,
        token: WEBHOOK_TOKEN,
        contacts: CONTACTS,
        rate: RATE,
        seconds,
        limitMs: TARGET_P99_MS,
      });
    const logFile = join(dataDir, 'receiver.log');
    let logged = answerTimes(logFile).length;
    const inReceiver = () => {
      const all = answerTimes(logFile);
      const run = all.slice(logged);
      logged = all.length;
      return run;
    };
    const warmUp = await load(WARMUP_SECONDS);
    const warmUpInside = inReceiver();

    org.emulator.resetRequestLog();
    const cpuBefore = await cpuSeconds(receiver.url);
    const up = await load();
    const cpuUp = (await cpuSeconds(receiver.url)) - cpuBefore;
    const upInside = inReceiver();
    const requestsUp = org.emulator.requests();
    await org.close();
    const down = await load();
    const downInside = inReceiver();

    const byPath = new Map<string, number>();
    for (const r of requestsUp) {
      const path = new URL(r.url, 'http://x').pathname.replace(/^\/api\/data\/v9\.2\//, '');
      const kind = r.url.includes('deltatoken') ? `${path} (change-tracking delta)` : path;
      byPath.set(kind, (byPath.get(kind) ?? 0) + 1);
    }
    const p99Up = percentile(up.latenciesMs, 99);
    const p99Down = percentile(down.latenciesMs, 99);
    const wrong = up.wrong + up.failed + down.wrong + down.failed;
    const markdown = [
      '## Forwarding to the responsible manager (`npm run bench -- forwarding`)',
      '',
      machineLine(),
      `Load average when the run ended: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min; the machine is shared, so other work competes for the same 2 cores).`,
      `The receiver (server.ts, LOG_LEVEL=info, one log line per answer) in its own process, its phone directory read from the Dataverse emulator: ` +
        `${CONTACTS.toLocaleString('en')} contacts of 20 managers (a twentieth owned by a team, a fiftieth sharing its number with another manager's contact), ready ${syncSeconds.toFixed(0)} s after start. ` +
        `Load: ${RATE} requests/s open loop for ${SECONDS} s per run (after a ${WARMUP_SECONDS} s warm-up), keep-alive node:http from a third process, the three data submission types in turn (GET query, JSON, JSON-RPC); ` +
        'one request in 20 from an unknown number. Every answer is checked against the org (right kind, right extension). Time is measured from sending the request to the end of the answer.',
      '',
      '| run | requests | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | over 10 ms | in the receiver: p99 / max (ms) | wrong or failed | answers by kind | Dataverse requests during the run |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
      row(
        `warm-up: the first ${WARMUP_SECONDS} s after the directory's full read (not judged)`,
        warmUp,
        warmUpInside,
        'not counted',
      ),
      row(
        'Dataverse up',
        up,
        upInside,
        requestsUp.length === 0
          ? '0'
          : `${requestsUp.length}: ${[...byPath].map(([p, n]) => `${n} × ${p}`).join(', ')}`,
      ),
      row('Dataverse stopped', down, downInside, 'none possible (server down)'),
      '',
      '| target | measured | result |',
      '|---|---|---|',
      `| p99 < ${TARGET_P99_MS} ms at ${RATE} requests/s, ${CONTACTS.toLocaleString('en')}-contact directory | ${p99Up.toFixed(2)} ms (Dataverse up), ${p99Down.toFixed(2)} ms (Dataverse stopped) | ${Math.max(p99Up, p99Down) < TARGET_P99_MS ? 'pass' : 'FAIL'} |`,
      `| every answer right | ${wrong} wrong or failed of ${up.sent + down.sent} | ${wrong === 0 ? 'pass' : 'FAIL'} |`,
      `| no Dataverse request from answering | ${forwardingRequests(byPath)} outside the background refreshes | ${forwardingRequests(byPath) === 0 ? 'pass' : 'FAIL'} |`,
      '',
      "Two clocks: the p50…max columns are what Ringostat would see (send to last byte, through the loopback socket and the receiver's event loop); " +
        '"in the receiver" is the time from the request\'s arrival in the handler chain to the answer, from the receiver\'s own log line. ' +
        'When the two differ a lot, the receiver process was waiting for a core (other work on this shared machine), not working.',
      '',
      `Receiver CPU during the Dataverse-up run: ${cpuUp.toFixed(1)} s for ${up.sent} answers (${((cpuUp / up.sent) * 1e6).toFixed(0)} µs each, logging included). ` +
        'The only Dataverse requests a receiver makes while it answers are its background refreshes: the phone directory reads contact changes every 60 s, ' +
        'forwarding re-reads its settings and CRM users every 5 minutes; none is made for an answer, and with Dataverse stopped the answers are the same.',
    ].join('\n');
    writeSection('forwarding', markdown);
    console.log(markdown);
  } finally {
    await receiver?.stop();
    await org.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The `ms` of each "forwarding answered" log line: request start to answer, inside the receiver. */
function answerTimes(logFile: string): number[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"forwarding answered"'))
    .map((line) => Number((JSON.parse(line) as { ms?: number }).ms));
}

function row(label: string, r: LoadResult, inside: number[], requests: string): string {
  const kinds = Object.entries(r.kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const p = (q: number) => percentile(r.latenciesMs, q).toFixed(2);
  const receiver = `${percentile(inside, 99).toFixed(1)} / ${percentile(inside, 100).toFixed(1)}`;
  return `| ${label} | ${r.sent} | ${p(50)} | ${p(90)} | ${p(99)} | ${p(100)} | ${r.late} | ${receiver} | ${r.wrong + r.failed} | ${kinds} | ${requests} |`;
}

/** Requests that are not one of the background reads (contact deltas, settings, users, WhoAmI). */
function forwardingRequests(byPath: Map<string, number>): number {
  const background = /change-tracking delta|environmentvariabledefinitions|systemusers|WhoAmI/;
  return [...byPath].filter(([path]) => !background.test(path)).reduce((sum, [, n]) => sum + n, 0);
}

/**
 * server.ts as a child process whose log goes to a file, as under a service manager: a pipe that this busy
 * load generator reads late would make the receiver's synchronous log writes wait, and measure the harness.
 */
async function startLoggingReceiver(
  logFile: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<unknown> }> {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'webhook-receiver/src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', fd, fd],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let waited = 0; ; waited += 250) {
    const url = /listening on (http:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1];
    if (url) {
      return {
        url,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      };
    }
    if (child.exitCode !== null || waited > 300_000)
      throw new Error(`the receiver did not start: ${readFileSync(logFile, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function cpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = /^process_cpu_seconds_total (\S+)/m.exec(text)?.[1];
  return Number(value ?? NaN);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
