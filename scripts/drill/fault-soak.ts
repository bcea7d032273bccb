import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { drillCalls } from './support/call-bodies';
import { createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { createHttpClient } from './support/http-client';
import { ledger } from './support/ledger';
import { readInbox, startPipeline, waitForDrain, type InProcessPipeline } from './support/pipeline';
import { sendCalls } from './support/send-calls';

/**
 * Fault soak: calls through the whole receiver while the emulator fails 30 % of Dataverse requests
 * (429 with Retry-After, 500, 503, stalled-then-408 timeouts, connection resets). Afterwards every call
 * must be exactly one phone call and every client number exactly one contact.
 *
 * The retry policy is shortened (50 ms doubling to 2 s, 100 attempts) so the soak takes minutes, not
 * the hours the production backoff (5 s doubling to 30 min) would need at a 30 % failure rate; the
 * Retry-After floor of a 429 still applies. The path taken is the production one.
 */
export const FAULT_SOAK_SIZES: Record<DrillSize, number> = { full: 10_000, ci: 300 };
const FAULT_RATE = 0.3;
const STALL_MS = 1_500;
const SEED = 7;

export const faultSoakDrill: Drill = {
  name: 'fault-soak',
  title: 'Fault soak: 30 % of Dataverse requests fail',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const count = FAULT_SOAK_SIZES[size];
    const calls = drillCalls(count, { prefix: `soak_${size}` });
    const env = await createDrillEnv('fault-soak', {
      latencyMs: 5,
      faults: {
        rate: FAULT_RATE,
        kinds: ['429', '500', '503', 'timeout', 'reset'],
        seed: SEED,
        timeoutMs: STALL_MS,
      },
    });
    let pipeline: InProcessPipeline | undefined;
    try {
      pipeline = await startPipeline(env.receiverEnv, {
        concurrency: 48,
        leaseMs: 30_000,
        pollIntervalMs: 100,
        policy: { maxAttempts: 100, baseMs: 50, capMs: 2_000, jitter: 0.5 },
      });
      const client = createHttpClient(pipeline.url, { connections: 32 });
      const sent = await sendCalls(client, calls, { token: WEBHOOK_TOKEN, concurrency: 32 });
      client.close();
      log(`fault-soak: ${sent.accepted} events accepted; draining`);
      const inbox = readInbox(env.dataDir);
      const drained = await waitForDrain(inbox.counts, {
        expected: sent.events,
        timeoutMs: size === 'full' ? 20 * 60_000 : 90_000,
        log,
      });
      const counts = inbox.counts();
      const deadReasons = inbox
        .entries()
        .filter((e) => e.status === 'dead')
        .slice(0, 3)
        .map((e) => `${e.event} ${e.callId}: ${e.lastError ?? ''}`);
      inbox.close();
      await pipeline.close();
      pipeline = undefined;

      const requests = env.emulator.requests();
      const faults = requests.filter((r) => [0, 408, 429, 500, 503].includes(r.status)).length;
      const landed = ledger(env.emulator, calls);
      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          calls: count,
          events: sent.events,
          'client numbers': landed.clients,
          'fault rate': `${FAULT_RATE * 100} %`,
          'stall before a 408': `${STALL_MS} ms`,
        },
        checks: [
          check(
            'every webhook accepted by the intake',
            sent.undelivered === 0,
            `${sent.accepted} of ${sent.events} (${sent.resends} re-sends)`,
          ),
          check(
            'the inbox drains with nothing dead',
            drained && counts.done === sent.events && counts.dead === 0,
            `${counts.done} done, ${counts.dead} dead, ${counts.pending + counts.processing} left`,
          ),
          check(
            'exactly one phone call per call',
            landed.phonecalls === count &&
              landed.lostCalls === 0 &&
              landed.duplicatePhonecalls === 0 &&
              landed.unexpectedPhonecalls === 0,
            `${landed.phonecalls} phone calls for ${count} calls: ${landed.lostCalls} lost, ${landed.duplicatePhonecalls} duplicated`,
          ),
          check(
            'exactly one contact per client number',
            landed.duplicateContacts === 0 && landed.clientsWithoutContact === 0,
            `${landed.contacts} contacts for ${landed.clients} numbers: ${landed.duplicateContacts} duplicates, ${landed.clientsWithoutContact} missing`,
          ),
          check(
            'faults were really injected',
            faults > 0,
            `${faults} of ${requests.length} Dataverse requests failed`,
          ),
        ],
        counts: {
          ...landed,
          events: sent.events,
          undelivered: sent.undelivered,
          dead: counts.dead,
          faults,
          dataverseRequests: requests.length,
        },
        notes: [
          `Dataverse requests: ${requests.length} (${(requests.length / sent.events).toFixed(2)} per event, faults included); answers: ${summarise(requests.map((r) => r.status))}.`,
          ...deadReasons.map((r) => `Dead: ${r}`),
        ],
      });
    } finally {
      await pipeline?.close();
      await env.cleanup();
    }
  },
};

function summarise(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n} × ${s === 0 ? 'reset' : s}`)
    .join(', ');
}
