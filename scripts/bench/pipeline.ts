import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { loadConfig } from '../../webhook-receiver/src/config';
import { startReceiver } from '../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../webhook-receiver/src/worker/processing-extension';
import { drillCalls, type DrillCall } from '../drill/support/call-bodies';
import { createDrillEnv, WEBHOOK_TOKEN } from '../drill/support/drill-env';
import { createHttpClient } from '../drill/support/http-client';
import { readInbox, waitForDrain } from '../drill/support/pipeline';
import { sendCalls, type SendReport } from '../drill/support/send-calls';
import { machineLine, writeSection } from './report';
import {
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_WORKER_CONCURRENCY,
} from '../../webhook-receiver/src/config';

/**
 * `npm run bench -- pipeline`: the whole pipeline — HTTP intake → SQLite inbox → worker → Dataverse
 * emulator over HTTP with 80 ms per request and the 52-concurrent-request limit (429 + Retry-After
 * beyond it). Three processes, as in production: the receiver (the real start-receiver.ts assembly with
 * the processing extension and the product's settings), the load generator (Ringostat), and this one,
 * which runs the emulator (Dataverse) and watches the inbox.
 *
 * The ceiling is what those limits allow for the requests we actually send:
 *   ceiling (events/s) = 52 / (0.080 s × Dataverse requests per event).
 * Each run is bounded: a fixed number of events, sent as fast as the intake takes them, timed from the
 * first webhook until the inbox has drained. Peak memory is sampled from the receiver's own /metrics.
 * BENCH_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile of each child process there.
 */
const LATENCY_MS = 80;
const MAX_CONCURRENCY = 52;
const CALLS = 6_000; // 70 % incoming (before + after) → 10,200 events
const TARGET = 0.8;
const SENDER_CONNECTIONS = 32;

interface RunResult {
  label: string;
  workerConcurrency: number;
  events: number;
  seconds: number;
  /** Events/s between 10 % and 90 % of the events done: the steady state without ramp-up and tail. */
  sustained: number;
  requests: number;
  throttled: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Mean of dataverse_requests_in_flight sampled every 250 ms during the run. */
  meanInFlight: number;
  /** Mean time of one Dataverse request as the worker saw it (the emulator adds 80 ms). */
  meanRequestMs: number;
  /** CPU seconds the receiver process used during the run (process_cpu_seconds_total). */
  receiverCpu: number;
  /** CPU seconds of this process (the emulator, and watching the inbox) during the run. */
  emulatorCpu: number;
  done: number;
  dead: number;
}

/** Child side: the receiver as server.ts runs it (WORKER_CONCURRENCY from the environment). */
async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const phoneDirectory = process.env.BENCH_PHONE_DIRECTORY !== 'false';
  const receiver = await startReceiver(config, (core) =>
    processingExtension(core, config.dataverse, { phoneDirectory }),
  );
  process.on('SIGTERM', () => void receiver.close().then(() => process.exit(0)));
  console.log(JSON.stringify({ url: receiver.url }));
}

/** Load-generator side: sends the calls to the receiver and prints what happened as one JSON line. */
async function send(url: string, count: number): Promise<void> {
  const client = createHttpClient(url, { connections: SENDER_CONNECTIONS });
  const calls = benchCalls(count);
  console.log(JSON.stringify({ started: Date.now() }));
  const report = await sendCalls(client, calls, {
    token: WEBHOOK_TOKEN,
    concurrency: SENDER_CONNECTIONS,
  });
  client.close();
  console.log(JSON.stringify({ report }));
}

/** Runs this file in a child process; `line(key)` resolves with the first JSON line it prints that has `key`. */
function startChild(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; line<T>(key: string): Promise<T> } {
  const profile = process.env.BENCH_CPU_PROFILE_DIR; // e.g. /tmp/prof: a .cpuprofile of each child
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', __filename, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`the ${args[0]} child exited with ${code}`))),
  );
  exited.catch(() => undefined);
  return {
    child,
    line: <T>(key: string) =>
      Promise.race([
        exited,
        new Promise<T>((resolve) => {
          const look = () => {
            const found = out.split('\n').find((l) => l.startsWith(`{"${key}"`));
            if (found) resolve((JSON.parse(found) as Record<string, T>)[key] as T);
            else setTimeout(look, 5);
          };
          look();
        }),
      ]),
  };
}

function benchCalls(count: number): DrillCall[] {
  return drillCalls(count, { prefix: 'bench', clients: Math.ceil(count * 0.8) });
}

interface MetricsReading {
  rss: number;
  heap: number;
  cpu: number;
  inFlight: number;
  /** dataverse_request_seconds summed over every operation and outcome. */
  requestSeconds: { sum: number; count: number };
}

/** What the run needs from the receiver's Prometheus text. */
function readMetrics(metrics: string): MetricsReading {
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(metrics)?.[1] ?? NaN);
  const total = (name: string) =>
    [...metrics.matchAll(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+-]+)$`, 'gm'))].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
  return {
    rss: value('process_resident_memory_bytes'),
    heap: value('nodejs_heap_size_used_bytes'),
    cpu: value('process_cpu_seconds_total'),
    inFlight: value('dataverse_requests_in_flight'),
    requestSeconds: {
      sum: total('dataverse_request_seconds_sum'),
      count: total('dataverse_request_seconds_count'),
    },
  };
}

export async function measure(
  label: string,
  workerConcurrency: number,
  calls: number,
  phoneDirectory = true,
): Promise<RunResult> {
  const env = await createDrillEnv('bench-pipeline', {
    latencyMs: LATENCY_MS,
    maxConcurrency: MAX_CONCURRENCY,
  });
  const receiver = startChild(['--serve'], {
    ...env.receiverEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    WORKER_CONCURRENCY: String(workerConcurrency),
    BENCH_PHONE_DIRECTORY: String(phoneDirectory),
  });
  const child = receiver.child;
  const url = await receiver.line<string>('url');
  const client = createHttpClient(url, { connections: 32 });
  let peakRss = 0;
  let peakHeap = 0;
  const inFlight: Array<{ at: number; n: number }> = [];
  const sample = async (): Promise<MetricsReading> => {
    const reading = readMetrics((await client.send({ method: 'GET', path: '/metrics' })).body);
    if (reading.rss > peakRss) peakRss = reading.rss;
    if (reading.heap > peakHeap) peakHeap = reading.heap;
    inFlight.push({ at: Date.now(), n: reading.inFlight });
    return reading;
  };
  try {
    // Wait until processing is running (settings read, key probed), then count only the calls' requests.
    for (let i = 0; i < 100; i++) {
      if ((await client.send({ method: 'GET', path: '/readyz' })).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    env.emulator.resetRequestLog();
    const before = await sample();
    const ownCpuBefore = process.cpuUsage();
    const sampler = setInterval(() => void sample(), 250);
    // The load generator is a process of its own, like Ringostat: its work does not slow the emulator.
    const sender = startChild(['--send', url, String(calls)], {});
    const inbox = readInbox(env.dataDir);
    const progress: Array<{ at: number; done: number }> = [];
    const watch = setInterval(() => progress.push({ at: Date.now(), done: inbox.counts().done }), 50);
    const started = await sender.line<number>('started');
    const sent = await sender.line<SendReport>('report');
    await waitForDrain(() => inbox.counts(), { expected: sent.events, timeoutMs: 10 * 60_000 });
    const finished = Date.now();
    clearInterval(watch);
    progress.push({ at: finished, done: inbox.counts().done });
    const seconds = (finished - started) / 1000;
    const during = inFlight.filter((f) => f.at >= started && f.at <= finished).map((f) => f.n);
    const meanInFlight = during.reduce((a, b) => a + b, 0) / Math.max(1, during.length);
    const when = (share: number) => progress.find((p) => p.done >= share * sent.events) ?? progress.at(-1);
    const [p10, p90] = [when(0.1), when(0.9)];
    const sustained =
      p10 && p90 && p90.at > p10.at ? ((p90.done - p10.done) * 1000) / (p90.at - p10.at) : NaN;
    clearInterval(sampler);
    const after = await sample();
    const requestSeconds = after.requestSeconds.sum - before.requestSeconds.sum;
    const meanRequestMs =
      (requestSeconds / Math.max(1, after.requestSeconds.count - before.requestSeconds.count)) * 1000;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const counts = inbox.counts();
    inbox.close();
    const requests = env.emulator.requests();
    return {
      label,
      workerConcurrency,
      events: sent.events,
      sustained,
      meanInFlight,
      meanRequestMs,
      seconds,
      requests: requests.length,
      throttled: requests.filter((r) => r.status === 429).length,
      peakRssMb: peakRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20,
      receiverCpu: after.cpu - before.cpu,
      emulatorCpu: (ownCpu.user + ownCpu.system) / 1e6,
      done: counts.done,
      dead: counts.dead,
    };
  } finally {
    client.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await env.cleanup();
  }
}

function ceilingOf(r: RunResult): number {
  return MAX_CONCURRENCY / ((LATENCY_MS / 1000) * (r.requests / r.events));
}

/** CPU seconds and the share of one core over the run, e.g. "12.3 s (78 %)". */
function cpuShare(cpuSeconds: number, seconds: number): string {
  return `${cpuSeconds.toFixed(1)} s (${((cpuSeconds / seconds) * 100).toFixed(0)} %)`;
}

function row(r: RunResult): string {
  const eps = r.events / r.seconds;
  const ceiling = ceilingOf(r);
  const sustained = `${r.sustained.toFixed(1)} (${((r.sustained / ceiling) * 100).toFixed(0)} %)`;
  return `| ${r.label} | ${r.workerConcurrency} | ${r.events} | ${r.seconds.toFixed(1)} | ${eps.toFixed(1)} | ${(r.requests / r.events).toFixed(2)} | ${ceiling.toFixed(0)} | ${((eps / ceiling) * 100).toFixed(0)} % | ${sustained} | ${r.throttled} | ${r.peakRssMb.toFixed(0)} / ${r.peakHeapMb.toFixed(0)} | ${r.meanInFlight.toFixed(1)} | ${r.meanRequestMs.toFixed(1)} | ${cpuShare(r.receiverCpu, r.seconds)} | ${cpuShare(r.emulatorCpu, r.seconds)} | ${r.done} done, ${r.dead} dead |`;
}

export async function run(): Promise<void> {
  const product = await measure('product default: phone directory', DEFAULT_WORKER_CONCURRENCY, CALLS);
  const results = [
    product,
    await measure('query lookups (phone directory off)', DEFAULT_WORKER_CONCURRENCY, CALLS, false),
    await measure('phone directory, 40 in hand (the default before ADR 0073)', 40, CALLS),
  ];
  const share = shareOf(product);
  const sustainedShare = product.sustained / ceilingOf(product);
  writeSection(
    'pipeline',
    [
      '## Whole pipeline (`npm run bench -- pipeline`)',
      '',
      machineLine(),
      `Load average when the run ended: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min; other work on the machine shares the cores).`,
      `Path: HTTP intake → SQLite inbox → worker → Dataverse emulator over HTTP with ${LATENCY_MS} ms added to every request and at most ${MAX_CONCURRENCY} concurrent requests (beyond that: 429 with Retry-After). ` +
        `Three processes: the receiver (start-receiver.ts + processingExtension, the product's settings: DATAVERSE_MAX_CONCURRENT_REQUESTS ${DEFAULT_MAX_CONCURRENT_REQUESTS}, WORKER_CONCURRENCY as in the table), the load generator sending ${CALLS} calls (70 % incoming: before-call + after-call; 30 % outgoing: after-outgoing-call; 20 % of calls from a number already seen) over ${SENDER_CONNECTIONS} connections as fast as the intake accepts them, and the emulator. ` +
        `Time runs from the first webhook to the last inbox entry done. Ceiling = ${MAX_CONCURRENCY} / (${LATENCY_MS / 1000} s × measured Dataverse requests per event). Requests in flight: mean of the receiver's dataverse_requests_in_flight, sampled every 250 ms; request time: mean of dataverse_request_seconds over the run. Memory: peak of the receiver's own /metrics. CPU: seconds used during the run, and that as a share of one core.`,
      '',
      '| run | worker concurrency (events in hand) | events | seconds | events/s | Dataverse requests/event | ceiling (events/s) | share of ceiling | sustained events/s, 10–90 % done (share) | 429s | peak RSS / heap (MiB) | requests in flight (mean) | request time (ms, mean) | receiver CPU | emulator CPU | inbox |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...results.map(row),
      '',
      '| target | measured | result |',
      '|---|---|---|',
      `| ≥ ${TARGET * 100} % of the ceiling, first webhook to last event done (product default) | ${(share * 100).toFixed(0)} % | ${share >= TARGET ? 'pass' : 'FAIL'} |`,
      `| ≥ ${TARGET * 100} % of the ceiling, sustained between 10 % and 90 % done (product default) | ${(sustainedShare * 100).toFixed(0)} % | ${sustainedShare >= TARGET ? 'pass' : 'FAIL'} |`,
      `| every event done, none dead | ${results.map((r) => `${r.done}/${r.events}`).join(', ')} | ${results.every((r) => r.done === r.events && r.dead === 0) ? 'pass' : 'FAIL'} |`,
      '',
      'What decides each run (docs/adr/0073-one-request-limiter-per-application-user.md, docs/adr/0074-one-writer-thread-for-the-inbox.md):',
      `- **The request limiter** keeps at most ${DEFAULT_MAX_CONCURRENT_REQUESTS} Dataverse requests in flight for the whole receiver and holds everything after a 429 until Retry-After, so the runs see no 429s. The worker's concurrency only bounds the events in hand; with enough of them the ${MAX_CONCURRENCY} slots stay full (see "requests in flight").`,
      '- **The phone directory** halves the requests per event (contact lookups are local), which doubles the ceiling; an unknown number waits for a change-tracking read (at most one every 250 ms, shared by every caller waiting, ahead of queued writes). Few events in hand (the 40 run) leave most of the slots idle while events wait for that read.',
      `- **What is left** between the ceiling and the runs: each request takes longer than the ${LATENCY_MS} ms the emulator adds (see "request time": building and parsing the $batch, the emulator's own work, and three processes sharing two cores), the first events wait for the intake to start, and the last calls of a run run their before-call and after-call one after the other.`,
    ].join('\n'),
  );
  for (const r of results) console.log(row(r));
}

function shareOf(r: RunResult): number {
  return r.events / r.seconds / ceilingOf(r);
}

if (require.main === module) {
  const [mode, url, count] = process.argv.slice(2);
  const main = mode === '--serve' ? serve() : mode === '--send' ? send(url ?? '', Number(count)) : run();
  main.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
