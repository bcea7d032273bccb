import { performance } from 'node:perf_hooks';
import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { machineLine, writeSection } from './report';

/**
 * Dataverse emulator throughput over its real HTTP server: how much load the demo, browser tests and other
 * benchmarks can put on it before the emulator itself becomes the bottleneck.
 */
const HEADERS = {
  Authorization: 'Bearer bench',
  'Content-Type': 'application/json',
  Accept: 'application/json',
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(count: number, concurrency: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** A fixed id per call and part, as the receiver derives one from the call id. */
const id = (i: number, part: number) =>
  `00000000-0000-4000-8000-${String(part).padStart(4, '0')}${String(i).padStart(8, '0')}`;

function changeset(i: number): string {
  const part = (id: number, method: string, url: string, body: unknown) =>
    [
      '--cs',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${id}`,
      '',
      `${method} ${url} HTTP/1.1`,
      'Content-Type: application/json',
      '',
      JSON.stringify(body),
    ].join('\r\n');
  return [
    '--batch',
    'Content-Type: multipart/mixed; boundary=cs',
    '',
    part(1, 'POST', '/api/data/v9.2/contacts', { contactid: id(i, 1), mobilephone: `+38050${i}` }),
    // The product's shape (docs/dataverse-requests.md): POST with the id, deep insert, $1 only at the top.
    part(2, 'POST', '/api/data/v9.2/phonecalls', {
      activityid: id(i, 2),
      subject: 'Bench call',
      ringo_callid: `bench-${i}`,
      directioncode: false,
      'regardingobjectid_contact_phonecall@odata.bind': '$1',
      phonecall_activity_parties: [
        { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${id(i, 1)})` },
      ],
    }),
    part(3, 'PATCH', '$2', { statecode: 1, statuscode: 4 }),
    '--cs--',
    '--batch--',
    '',
  ].join('\r\n');
}

export async function run(): Promise<void> {
  const server = await startEmulatorServer();
  const api = `${server.url}/api/data/v9.2/`;
  try {
    const creates = await timed(1000, 8, async (i) => {
      const r = await fetch(`${api}contacts`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ lastname: `C${i}` }),
      });
      if (r.status !== 204) throw new Error(`create answered ${r.status}`);
    });
    const batches = await timed(1000, 8, async (i) => {
      const r = await fetch(`${api}$batch`, {
        method: 'POST',
        headers: { ...HEADERS, 'Content-Type': 'multipart/mixed; boundary=batch' },
        body: changeset(i),
      });
      if (r.status !== 200) throw new Error(`$batch answered ${r.status}: ${await r.text()}`);
    });
    const lookups = await timed(1000, 8, async (i) => {
      const r = await fetch(`${api}contacts?$select=fullname&$filter=mobilephone eq '%2B38050${i}'`, {
        headers: HEADERS,
      });
      if (r.status !== 200) throw new Error(`query answered ${r.status}`);
    });
    const row = (name: string, m: { perSecond: number; p50: number; p95: number }) =>
      `| ${name} | ${m.perSecond.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} |`;
    writeSection(
      'dataverse-emulator',
      [
        '## Dataverse emulator (HTTP server, 8 concurrent clients)',
        '',
        machineLine(),
        '',
        '| Operation (1,000 each) | per second | p50 ms | p95 ms |',
        '|---|---|---|---|',
        row('create contact (POST)', creates),
        row('call changeset: contact + phone call with parties + close', batches),
        row('contact lookup by phone ($filter over ~2,000 contacts)', lookups),
      ].join('\n'),
    );
    console.log(
      `creates ${creates.perSecond.toFixed(0)}/s, changesets ${batches.perSecond.toFixed(0)}/s, lookups ${lookups.perSecond.toFixed(0)}/s`,
    );
  } finally {
    await server.close();
  }
}
