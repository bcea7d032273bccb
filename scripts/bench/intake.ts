import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig } from '../../webhook-receiver/src/config';
import { startReceiver } from '../../webhook-receiver/src/start-receiver';
import { machineLine, writeSection } from './report';

/**
 * `npm run bench:intake`: durable webhook intake (parse, validate, SQLite commit with WAL and
 * synchronous=FULL, then 200) against a bare Fastify route that answers 200 to the same request, in the
 * same run. Each server runs in its own child process; this process is the load generator (node:http,
 * keep-alive). Then the durable intake at a fixed 500 requests/s. Writes docs/performance.md § intake.
 */

const TOKEN = 'bench-token-0123456789';
/**
 * Closed-loop runs at several connection counts: the bare route is CPU-bound at any of them, while the
 * durable intake keeps gaining as more webhooks share one commit (group commit), so throughput is
 * compared at each server's peak — and the 32-connection rows show the lighter-load picture.
 */
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '32,256').split(',').map(Number);
const CONNECTIONS = CONNECTION_LEVELS[0] ?? 32;
const WARMUP_MS = 1_000;
const CLOSED_LOOP_MS = 4_000;
const FIXED_RATE = 500;
const FIXED_RATE_MS = 5_000;

interface Sample {
  label: string;
  requests: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

const body = (n: number) =>
  JSON.stringify({
    uniqueid: `bench_${process.pid}_${n}`,
    calldate: '2026-03-02 14:05:11',
    call_type: 'in',
    caller: '380671112233',
    dst: '380441112233',
    disposition: 'ANSWERED',
    duration: 95,
    billsec: 80,
    waittime: '15',
    employee_number: '111111',
    employee_fio: 'Іван Петренко',
    has_recording: '1',
    recording: `https://app.ringostat.com/recordings/bench_${process.pid}_${n}.mp3?token=fe60f9f4e172935459b9053daf647f20`,
    utm_source: 'google',
  });

/** Child-process side: one server, its address on stdout. */
async function serve(kind: 'durable' | 'bare'): Promise<void> {
  if (kind === 'bare') {
    const app = Fastify({ logger: false });
    app.post('/ringostat/after-call', async () => ({ status: 'accepted', id: 1, duplicate: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(JSON.stringify({ address: app.server.address() }));
    return;
  }
  // The real receiver assembly (start-receiver.ts): threaded group commit, metrics, retention timer.
  const dir = mkdtempSync(join(tmpdir(), 'bench-intake-'));
  const env = {
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const receiver = await startReceiver(loadConfig(env));
  process.on('SIGTERM', () => {
    void receiver.close().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  console.log(JSON.stringify({ address: receiver.app.server.address() }));
}

async function startChild(kind: 'durable' | 'bare'): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.BENCH_CPU_PROFILE_DIR; // e.g. /tmp/prof: a .cpuprofile of each server
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', __filename, '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { address: { port: number } }).address.port);
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, port };
}

function post(agent: Agent, port: number, n: number): Promise<{ ok: boolean; ms: number }> {
  const payload = body(n);
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/ringostat/after-call?token=${TOKEN}`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(payload);
  });
}

let sequence = 0;

/** Closed loop: CONNECTIONS clients, each sending its next request as soon as the last one answered. */
async function closedLoop(
  label: string,
  port: number,
  ms: number,
  connections = CONNECTIONS,
): Promise<Sample> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const sample: Sample = { label, requests: 0, errors: 0, seconds: 0, latenciesMs: [] };
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const { ok, ms: latency } = await post(agent, port, sequence++);
        sample.requests++;
        if (!ok) sample.errors++;
        sample.latenciesMs.push(latency);
      }
    }),
  );
  sample.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return sample;
}

/** Open loop at a fixed rate: requests start on schedule whether or not earlier ones answered. */
async function fixedRate(label: string, port: number, rate: number, ms: number): Promise<Sample> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const sample: Sample = { label, requests: 0, errors: 0, seconds: ms / 1000, latenciesMs: [] };
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < ms) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      inFlight.push(
        post(agent, port, sequence++).then(({ ok, ms: latency }) => {
          sample.requests++;
          if (!ok) sample.errors++;
          sample.latenciesMs.push(latency);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return sample;
}

/** Median time of a one-row commit with the inbox's pragmas: the disk's fsync cost, the floor of every 200. */
function commitMs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fsync-'));
  const db = new Database(join(dir, 'probe.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      insert.run('x'.repeat(1500));
      times.push(performance.now() - started);
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function row(s: Sample): string {
  const sorted = [...s.latenciesMs].sort((a, b) => a - b);
  const rps = s.requests / s.seconds;
  return `| ${s.label} | ${s.requests} | ${rps.toFixed(0)} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${s.errors} |`;
}

export async function run(): Promise<void> {
  const fsyncMs = commitMs();
  const bare = await startChild('bare');
  const durable = await startChild('durable');
  try {
    await closedLoop('warm-up', bare.port, WARMUP_MS);
    await closedLoop('warm-up', durable.port, WARMUP_MS);
    const bareSamples: Sample[] = [];
    const durableSamples: Sample[] = [];
    for (const connections of CONNECTION_LEVELS) {
      bareSamples.push(
        await closedLoop(
          `bare Fastify route (answers 200, stores nothing), ${connections} connections`,
          bare.port,
          CLOSED_LOOP_MS,
          connections,
        ),
      );
      durableSamples.push(
        await closedLoop(
          `durable intake (parse + SQLite commit, then 200), ${connections} connections`,
          durable.port,
          CLOSED_LOOP_MS,
          connections,
        ),
      );
    }
    const fixed = await fixedRate(
      `durable intake at a fixed ${FIXED_RATE} req/s`,
      durable.port,
      FIXED_RATE,
      FIXED_RATE_MS,
    );

    const peak = (samples: Sample[]) => Math.max(...samples.map((x) => x.requests / x.seconds));
    const ratio = peak(durableSamples) / peak(bareSamples);
    const fixedP99 = percentile(
      [...fixed.latenciesMs].sort((a, b) => a - b),
      99,
    );
    const errors = [...bareSamples, ...durableSamples, fixed].reduce((sum, x) => sum + x.errors, 0);
    const markdown = [
      '## Webhook intake (`npm run bench:intake`)',
      '',
      machineLine(),
      `Load average when the run ended: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )} (1 / 5 / 15 min; other processes on the machine compete for the same cores, so compare the rows of one run, not runs).`,
      `Load: ${CONNECTION_LEVELS.join(' and ')} keep-alive connections from node:http on loopback, ${CLOSED_LOOP_MS / 1000} s per closed-loop run after a ${WARMUP_MS / 1000} s warm-up; ` +
        `each server in its own process; the load generator shares the same cores. Body: the ~550-byte after-call JSON of docs/webhook-parameters.md with a new uniqueid per request. ` +
        `The inbox is a SQLite file in ${tmpdir()} (WAL, synchronous=FULL: every 200 follows an fsync; commits run on a worker thread and requests that arrive during one commit share the next).`,
      '',
      '| scenario | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors |',
      '|---|---:|---:|---:|---:|---:|',
      ...bareSamples.map(row),
      ...durableSamples.map(row),
      row(fixed),
      '',
      '| target | measured | result |',
      '|---|---|---|',
      `| durable intake ≥ 50 % of the bare route's throughput (peak of each) | ${(ratio * 100).toFixed(0)} % | ${ratio >= 0.5 ? 'pass' : 'FAIL'} |`,
      `| p99 < 20 ms at ${FIXED_RATE} req/s | ${fixedP99.toFixed(2)} ms | ${fixedP99 < 20 ? 'pass' : 'FAIL'} |`,
      `| no failed requests | ${errors} | ${errors === 0 ? 'pass' : 'FAIL'} |`,
      '',
      `Why the durable rows trail the bare one: every 200 waits for a commit that is on disk. A one-row ` +
        `commit with these pragmas took ${fsyncMs.toFixed(2)} ms (median of 100) on this disk in this run, and a ` +
        'webhook arriving during a commit waits for it and then for its own, so with N open connections the ' +
        'closed-loop rate is bounded by about N ÷ (2 × commit time), whatever the CPU. Commits run on a worker ' +
        'thread and are shared by every webhook that arrived meanwhile (group commit), so the event loop keeps ' +
        'parsing while the disk flushes. Per-thread CPU of the durable server (2026-11-25) was about 74 µs on ' +
        'the event loop and 37 µs on the commit thread per webhook (mostly SQLite inserting into the table and ' +
        'its indexes), against about 28 µs for the bare route; on 2 cores shared with the load generator the ' +
        'round trip to the commit thread, not CPU, bounds the closed loop. Relaxing durability ' +
        '(synchronous=NORMAL) would remove the fsync but could ' +
        'lose acknowledged calls on power loss; the product does not do that (docs/adr/0002-sqlite-inbox.md).',
    ].join('\n');
    writeSection('intake', markdown);
    console.log(markdown);
  } finally {
    for (const { child } of [bare, durable]) child.kill('SIGTERM');
    await Promise.all([bare, durable].map(({ child }) => new Promise((r) => child.once('exit', r))));
  }
}

if (require.main === module) {
  const mode = process.argv.indexOf('--serve');
  const main = mode > 0 ? serve(process.argv[mode + 1] === 'bare' ? 'bare' : 'durable') : run();
  main.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
