import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { DataverseEmulator } from '../../emulators/dataverse/src/index';

/**
 * Shared by the forwarding benchmark and the forwarding drill: an org with `contacts` clients of
 * `MANAGERS` managers (a twentieth owned by a team, a fiftieth sharing its number with another manager's
 * contact), and an open-loop load of Ringostat forwarding requests in the three data submission types,
 * each answer checked against what the org says it must be.
 */
export const MANAGERS = 20;
export const FORMATS = ['http', 'json', 'json-rpc'] as const;
type Format = (typeof FORMATS)[number];

export interface ForwardingOrg {
  /** The number of client `i` in international digits, as Ringostat sends it. */
  number(i: number): string;
  /** What the answer must be for client `i`: a destination, or the kind of "no redirect". */
  expected(i: number): { kind: string; destination?: string };
}

const serial = (i: number) => String(1_000_000 + i);
const manager = (m: number) => `manager_${m}`;

export function seedForwardingOrg(emulator: DataverseEmulator, contacts: number): ForwardingOrg {
  const users = Array.from({ length: MANAGERS }, (_, m) =>
    emulator.insert('systemuser', {
      firstname: 'Manager',
      lastname: String(m),
      ringo_ringostatstaffid: String(100_000 + m),
    }),
  );
  const team = emulator.insert('team', { name: 'Sales', teamtype: 0 });
  const defaultOwner = emulator.insert('systemuser', { firstname: 'Default', lastname: 'Owner' });
  for (let i = 0; i < contacts; i++) {
    const n = serial(i);
    const owner = i % 20 === 1 ? { id: team, entity: 'team' } : users[i % MANAGERS];
    emulator.insert('contact', {
      lastname: `Client ${i}`,
      mobilephone: `+380 (50) ${n.slice(0, 3)}-${n.slice(3)}`,
      ownerid: owner,
    });
    if (i % 50 === 2)
      emulator.insert('contact', {
        lastname: `Twin ${i}`,
        telephone1: `050${n}`,
        ownerid: users[(i + 1) % MANAGERS],
      });
  }
  const extensions = users.map((_, m) => `${100_000 + m}=${manager(m)}`).join('; ');
  for (const [name, value] of [
    ['ringo_DefaultOwnerId', defaultOwner],
    ['ringo_ForwardingEnabled', 'on'],
    ['ringo_ForwardingExtensions', extensions],
  ] as const) {
    const definition = emulator.rows('environmentvariabledefinition').find((d) => d.schemaname === name);
    if (!definition) throw new Error(`the solution defines no ${name}`);
    emulator.insert('environmentvariablevalue', {
      schemaname: name,
      value,
      environmentvariabledefinitionid: String(definition.environmentvariabledefinitionid),
    });
  }
  return forwardingOrg();
}

/** The clients of a seeded org and their right answers (the same for any number of contacts). */
export function forwardingOrg(): ForwardingOrg {
  return {
    number: (i) => (i < 0 ? `38067${serial(-i)}` : `38050${serial(i)}`),
    expected(i) {
      if (i < 0) return { kind: 'new' };
      if (i % 20 === 1) return { kind: 'team' };
      if (i % 50 === 2) return { kind: 'ambiguous' };
      return { kind: 'redirect', destination: manager(i % MANAGERS) };
    },
  };
}

export interface LoadResult {
  sent: number;
  /** Answered 200 with the expected kind and destination. */
  correct: number;
  wrong: number;
  failed: number;
  latenciesMs: number[];
  kinds: Record<string, number>;
  /** Requests whose answer took longer than `limitMs`. */
  late: number;
}

/**
 * Open loop: request k starts at k / rate seconds whatever happened to the others. Client k % 20 == 0 is
 * an unknown number (a new client); the rest cycle through the org's clients.
 */
export async function forwardingLoad(options: {
  url: string;
  token: string;
  org: ForwardingOrg;
  contacts: number;
  rate: number;
  seconds: number;
  limitMs: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const result: LoadResult = {
    sent: 0,
    correct: 0,
    wrong: 0,
    failed: 0,
    latenciesMs: [],
    kinds: {},
    late: 0,
  };
  const total = Math.round(options.rate * options.seconds);
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  for (let k = 0; k < total; k++) {
    const due = started + (k * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const client = k % 20 === 0 ? -k : (k * 7919) % options.contacts;
    const format = FORMATS[k % FORMATS.length] ?? 'http';
    result.sent++;
    pending.push(
      ask(agent, options, format, options.org.number(client)).then((answer) => {
        result.latenciesMs.push(answer.ms);
        if (answer.ms > options.limitMs) result.late++;
        if (answer.status !== 200) return void result.failed++;
        result.kinds[answer.kind] = (result.kinds[answer.kind] ?? 0) + 1;
        const want = options.org.expected(client);
        const right = answer.kind === want.kind && answer.destination === want.destination;
        if (right) result.correct++;
        else result.wrong++;
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return result;
}

function ask(
  agent: Agent,
  options: { url: string; token: string },
  format: Format,
  caller: string,
): Promise<{ status: number; kind: string; destination?: string; ms: number }> {
  const target = new URL(`${options.url}/ringostat/forwarding?token=${options.token}`);
  const body =
    format === 'http'
      ? undefined
      : JSON.stringify(
          format === 'json' ? { caller } : { jsonrpc: '2.0', id: 1, method: 'm', params: { caller } },
        );
  if (format === 'http') target.searchParams.set('caller', caller);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: body ? 'POST' : 'GET',
        path: `${target.pathname}${target.search}`,
        headers: body
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const kind = String(res.headers['x-ringostat-forwarding'] ?? '');
          resolve({ status: res.statusCode ?? 0, kind, ms, ...destinationOf(format, text) });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, kind: 'network-error', ms: performance.now() - started }));
    req.end(body);
  });
}

function destinationOf(format: Format, text: string): { destination?: string } {
  if (format === 'http') return text ? { destination: text } : {};
  const parsed = JSON.parse(text) as { destination?: string; result?: { destination?: string } };
  const destination = format === 'json' ? parsed.destination : parsed.result?.destination;
  return destination ? { destination } : {};
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Waits until the receiver's phone directory holds `contacts` contacts and its CRM users are read. */
export async function waitForForwarding(
  url: string,
  adminToken: string,
  contacts: number,
  timeoutMs = 300_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/admin/forwarding`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const status = (await response.json()) as {
      state?: { usersLoadedAt?: string; directory?: { contacts?: number } };
    };
    if (status.state?.usersLoadedAt && (status.state.directory?.contacts ?? 0) >= contacts) return;
    if (Date.now() > until) throw new Error(`forwarding not ready: ${JSON.stringify(status.state)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface ChildLoadOptions {
  url: string;
  token: string;
  contacts: number;
  rate: number;
  seconds: number;
  limitMs: number;
}

/**
 * `forwardingLoad` from a process of its own: the caller holds the Dataverse emulator and its rows, whose
 * garbage collection would otherwise count as answer time.
 */
export async function forwardingLoadInChild(options: ChildLoadOptions): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--load', JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${String(code)}`);
  return JSON.parse(out) as LoadResult;
}

if (require.main === module) {
  const at = process.argv.indexOf('--load');
  const options = JSON.parse(process.argv[at + 1] ?? '{}') as ChildLoadOptions;
  forwardingLoad({ ...options, org: forwardingOrg() }).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
