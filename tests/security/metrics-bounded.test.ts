import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startReceiverProcess, type ReceiverProcess } from '../../scripts/drill/support/receiver-process';
import { rawRequest, requestText } from './support/raw-http';

/**
 * Unauthenticated traffic cannot grow /metrics or the receiver's memory
 * (docs/adr/0082-metrics-labels-from-routes.md): 3,000 requests with odd paths, methods and wrong tokens
 * at the receiver process (`npm run serve`), after a warm-up with the same mix. Every series on /metrics
 * after them was there before (labels come from matched routes, a fixed set), the page is the same size
 * give or take the digits of the counters, and the resident memory stays within a small margin.
 */
jest.setTimeout(180_000);

const oddPath: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).map((s) => `/${encodeURIComponent(s)}`),
  fc.uuid().map((id) => `/admin/events/${id}`),
  fc.uuid().map((id) => `/%61dmin/${id}`),
  fc.uuid().map((id) => `/ringostat/after-call?token=${id}`),
  fc.uuid().map((id) => `/ringostat/${id}?token=${id}`),
  fc.uuid().map((id) => `/${id}/${id}/..;x=${id}`),
  fc.uuid().map((id) => `/ringostat/%61fter-call?token=${id}`),
  fc.uuid().map((id) => `http://${id}.example/admin/rejected`),
);
const request = fc.tuple(fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'), oddPath);

async function flood(port: number, count: number, seed: number): Promise<void> {
  const requests = fc.sample(request, { numRuns: count, seed });
  for (let i = 0; i < requests.length; i += 16) {
    await Promise.all(
      requests.slice(i, i + 16).map(([method, path]) => rawRequest(port, requestText(method, path))),
    );
  }
}

/** Series names with their labels, without values; and the resident memory. */
function read(metrics: string): { series: Set<string>; rss: number; bytes: number } {
  const lines = metrics.split('\n').filter((line) => line && !line.startsWith('#'));
  const series = new Set(lines.map((line) => line.slice(0, line.lastIndexOf(' '))));
  const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(metrics)?.[1] ?? NaN);
  // Values vary in digits; count the bytes of the series alone.
  return { series, rss, bytes: [...series].join('\n').length };
}

let dir: string;
let receiver: ReceiverProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'metrics-bounded-'));
  receiver = await startReceiverProcess({
    DATA_DIR: dir,
    RINGOSTAT_WEBHOOK_TOKEN: 'metrics-webhook-token-0123456789',
    ADMIN_TOKEN: 'metrics-admin-token-0123456789',
  });
});
afterAll(async () => {
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('3,000 unauthenticated odd requests add no series to /metrics and leave memory flat', async () => {
  const port = Number(new URL(receiver.url).port);
  const metrics = async () => (await fetch(`${receiver.url}/metrics`)).text();
  await flood(port, 1_500, 1);
  await metrics(); // a scrape is counted once answered: the first one shows up in the second
  const before = read(await metrics());
  await flood(port, 3_000, 2);
  const after = read(await metrics());

  expect([...after.series].filter((s) => !before.series.has(s))).toEqual([]);
  expect(after.bytes).toBe(before.bytes);
  for (const series of after.series) {
    const route = /^http_requests_total\{route="([^"]*)"/.exec(series)?.[1];
    if (route !== undefined) expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  }
  expect(after.series).toContain('http_requests_total{route="not_found",status="404"}');
  expect(after.series).toContain('http_requests_total{route="unauthorized",status="401"}');
  // Memory: bounded, not a leak per request. A generous margin for the allocator on a shared machine.
  expect(after.rss - before.rss).toBeLessThan(24 * 1024 * 1024);
});
