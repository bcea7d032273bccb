import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatProjectTime } from '../webhook-receiver/src/ringostat-api/project-time';
import { dayOfCalls, type Delivery, type PlannedCall } from './demo/day-of-calls';

/**
 * `npm run simulate`: plays a realistic day of calls (scripts/demo/day-of-calls.ts) at a running receiver,
 * then reads the Dataverse emulator to print what landed.
 *
 *   npm run simulate -- [--url http://127.0.0.1:3000] [--token <webhook token>] [--emulator <url>] [--data-dir .data]
 *
 * Defaults come from the demo (`npm start` without DATAVERSE_URL): the token in DATA_DIR/webhook-token and
 * the emulator URL and receiver port in DATA_DIR/demo.json. RECEIVER_URL, RINGOSTAT_WEBHOOK_TOKEN and
 * DATAVERSE_EMULATOR_URL work too. Without an emulator URL the calls are sent and nothing is read back.
 */
export interface SimulateOptions {
  receiverUrl: string;
  token: string;
  emulatorUrl?: string;
  /** Day of the calls (YYYY-MM-DD, project time zone). */
  day: string;
  runId?: string;
  random?: () => number;
  out?: (line: string) => void;
  settleTimeoutMs?: number;
  /** Where the recording links point (default Ringostat's; the demo's preview serves playable ones). */
  recordingBaseUrl?: string;
  /** The project time zone the call times are in (RINGOSTAT_TIMEZONE), named in the output. */
  timeZone?: string;
}

export interface LandedCall {
  callId: string;
  label: string;
  subject: string;
  contact: string;
  owner: string;
  state: string;
}

const ANNOTATIONS = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export async function simulate(options: SimulateOptions): Promise<LandedCall[]> {
  const out = options.out ?? ((line: string) => console.log(line));
  const runId = options.runId ?? randomBytes(3).toString('hex');
  const plan = dayOfCalls({
    day: options.day,
    runId,
    random: options.random ?? Math.random,
    ...(options.recordingBaseUrl ? { recordingBaseUrl: options.recordingBaseUrl } : {}),
  });
  const deliveries = plan.reduce((n, call) => n + call.deliveries.length, 0);
  const zone = options.timeZone ?? 'Europe/Kyiv';
  out(
    `Playing ${deliveries} webhook deliveries (${plan.length} calls) of ${options.day} at ${options.receiverUrl} (run ${runId})`,
  );
  out(
    `Times are ${zone} (RINGOSTAT_TIMEZONE), as Ringostat sends them; the CRM pages show your browser's time.`,
  );
  out('');
  // Deliveries are numbered 1…N here; a repeated delivery names the delivery it repeats.
  const deliveryOfInboxId = new Map<number, number>();
  let number = 0;
  for (const call of plan) {
    for (const delivery of call.deliveries) {
      const answer = await deliver(options, delivery);
      number += 1;
      let said = answer.text;
      if (answer.id !== undefined && !answer.duplicate) deliveryOfInboxId.set(answer.id, number);
      if (answer.id !== undefined && answer.duplicate)
        said = `200 duplicate of delivery ${deliveryOfInboxId.get(answer.id) ?? `with inbox id ${answer.id}`}, nothing added`;
      out(
        `${String(number).padStart(3)}  ${String(delivery.at ?? delivery.params.calldate).slice(11, 16)}  ${call.label} — ${delivery.note} (${delivery.format}): ${said}`,
      );
    }
  }
  if (!options.emulatorUrl) {
    out('No emulator URL: sent everything; look in your CRM for what landed.');
    return [];
  }
  const landed = await readLanded(options.emulatorUrl, plan, options.settleTimeoutMs ?? 30_000);
  out('');
  out(`What landed in Dataverse (${landed.length} of ${plan.length} calls, one phone call each):`);
  for (const call of landed) {
    out(`  ${call.callId}  ${call.state.padEnd(9)} ${call.subject}`);
    out(`      contact: ${call.contact}; owner: ${call.owner}; ${call.label}`);
  }
  return landed;
}

interface Answer {
  text: string;
  id?: number;
  duplicate?: boolean;
}

async function deliver(options: SimulateOptions, delivery: Delivery): Promise<Answer> {
  const params = Object.fromEntries(Object.entries(delivery.params).map(([k, v]) => [k, String(v)]));
  const base = `${options.receiverUrl.replace(/\/+$/, '')}/ringostat/${delivery.event}?token=${encodeURIComponent(options.token)}`;
  const init: RequestInit =
    delivery.format === 'json'
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(delivery.params),
        }
      : delivery.format === 'form'
        ? { method: 'POST', body: new URLSearchParams(params) }
        : { method: 'GET' };
  const url = delivery.format === 'query' ? `${base}&${new URLSearchParams(params).toString()}` : base;
  const response = await fetch(url, init).catch((error: unknown) => {
    throw new NothingAnswers(options.receiverUrl, error);
  });
  const body = (await response.json().catch(() => ({}))) as {
    id?: number;
    duplicate?: boolean;
    error?: string;
  };
  if (response.status !== 200) return { text: `${response.status} ${body.error ?? ''}`.trim() };
  return {
    text: `200 accepted (inbox id ${body.id})`,
    ...(body.id !== undefined ? { id: body.id } : {}),
    duplicate: body.duplicate === true,
  };
}

/** No receiver at the URL: the usual cause is that the demo is not running yet. */
export class NothingAnswers extends Error {
  constructor(url: string, cause: unknown) {
    const code = (cause as { cause?: { code?: string } }).cause?.code;
    super(
      `nothing answers at ${url}${code ? ` (${code})` : ''}.\n` +
        'Start the demo in another terminal with `npm start`, wait for its webhook URLs, then run ' +
        '`npm run simulate` again. For a receiver elsewhere: npm run simulate -- --url <its URL> --token <its token>',
      { cause },
    );
    this.name = 'NothingAnswers';
  }
}

interface PhoneCallRow {
  ringo_callid: string;
  subject: string;
  statecode: number;
  [annotated: string]: unknown;
}

async function readLanded(
  emulatorUrl: string,
  plan: PlannedCall[],
  timeoutMs: number,
): Promise<LandedCall[]> {
  const prefix = plan[0]?.callId.replace(/-\d+$/, '-') ?? 'sim-';
  const query = new URLSearchParams({
    $select: 'ringo_callid,subject,statecode,_regardingobjectid_value,_ownerid_value',
    $filter: `startswith(ringo_callid,'${prefix}')`,
  });
  const deadline = Date.now() + timeoutMs;
  let rows: PhoneCallRow[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(
      `${emulatorUrl.replace(/\/+$/, '')}/api/data/v9.2/phonecalls?${query.toString()}`,
      {
        headers: { authorization: 'Bearer demo', accept: 'application/json', prefer: ANNOTATIONS },
      },
    );
    if (!response.ok) throw new Error(`the emulator answered ${response.status}: ${await response.text()}`);
    rows = ((await response.json()) as { value: PhoneCallRow[] }).value;
    if (rows.length >= plan.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const labels = new Map(plan.map((call) => [call.callId, call.label]));
  const order = new Map(plan.map((call, index) => [call.callId, index]));
  return rows
    .map((row) => ({
      callId: row.ringo_callid,
      label: labels.get(row.ringo_callid) ?? '',
      subject: row.subject,
      contact: String(row[`_regardingobjectid_value${FORMATTED}`] ?? '(new contact, no name yet)'),
      owner: String(row[`_ownerid_value${FORMATTED}`] ?? row._ownerid_value),
      state: row.statecode === 0 ? 'open' : 'completed',
    }))
    .sort((a, b) => (order.get(a.callId) ?? 0) - (order.get(b.callId) ?? 0));
}

/** Today's date (YYYY-MM-DD) in `timeZone`: the calls are played on the project's day, not UTC's. */
export function todayIn(timeZone: string, now: Date): string {
  return formatProjectTime(now, timeZone).slice(0, 10);
}

function argsOf(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i] ?? '');
    if (!match?.[1])
      throw new Error(`unexpected argument "${argv[i]}"; use --url, --token, --emulator, --data-dir`);
    args[match[1]] = match[2] ?? argv[++i] ?? '';
  }
  return args;
}

async function main(): Promise<void> {
  const args = argsOf(process.argv.slice(2));
  const dataDir = resolve(args['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const demoFile = join(dataDir, 'demo.json');
  const demo = existsSync(demoFile)
    ? (JSON.parse(readFileSync(demoFile, 'utf8')) as {
        emulatorUrl?: string;
        receiverPort?: number;
        previewUrl?: string;
        timeZone?: string;
      })
    : {};
  const tokenFile = join(dataDir, 'webhook-token');
  const token =
    args.token ??
    process.env.RINGOSTAT_WEBHOOK_TOKEN ??
    (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!token) {
    throw new Error(
      `no webhook token: ${tokenFile} does not exist. Start the demo first with \`npm start\` (in another ` +
        'terminal), or pass --token / set RINGOSTAT_WEBHOOK_TOKEN for a receiver of your own',
    );
  }
  const receiverUrl = args.url ?? process.env.RECEIVER_URL ?? `http://127.0.0.1:${demo.receiverPort || 3000}`;
  const emulatorUrl = args.emulator ?? process.env.DATAVERSE_EMULATOR_URL ?? demo.emulatorUrl;
  const timeZone = process.env.RINGOSTAT_TIMEZONE?.trim() || demo.timeZone || 'Europe/Kyiv';
  await simulate({
    receiverUrl,
    token,
    day: todayIn(timeZone, new Date()),
    timeZone,
    ...(emulatorUrl ? { emulatorUrl } : {}),
    // In the demo, recordings point at the preview's locally synthesised audio so the player can play them.
    ...(demo.previewUrl && !args.url ? { recordingBaseUrl: `${demo.previewUrl}/preview/recordings` } : {}),
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`simulate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
