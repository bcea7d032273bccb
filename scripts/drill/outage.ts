import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { drillCalls } from './support/call-bodies';
import { createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { createHttpClient } from './support/http-client';
import { ledger } from './support/ledger';
import { readInbox, startPipeline, waitForDrain, type InProcessPipeline } from './support/pipeline';
import { sendCalls } from './support/send-calls';

/**
 * Outage: Dataverse goes away (its server stops: connections are refused) while calls keep coming, then
 * comes back. The intake must keep answering 200, the backlog must drain afterwards with the product's
 * own retry policy and worker settings, and for every call the before-call event must complete before
 * its after-call event (checked on the order in which the worker completed inbox entries).
 */
export const OUTAGE_SIZES: Record<DrillSize, { calls: number; outageMs: number }> = {
  full: { calls: 1_500, outageMs: 120_000 },
  ci: { calls: 120, outageMs: 5_000 },
};

export const outageDrill: Drill = {
  name: 'outage',
  title: 'Outage: Dataverse down, then back',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const { calls: count, outageMs } = OUTAGE_SIZES[size];
    const calls = drillCalls(count, { prefix: `outage_${size}` });
    const third = Math.ceil(count / 3);
    const env = await createDrillEnv('outage', { latencyMs: 5 });
    let pipeline: InProcessPipeline | undefined;
    try {
      // The product's worker defaults (concurrency, lease, poll, retry policy): only the start retry is short.
      pipeline = await startPipeline(env.receiverEnv, {});
      const client = createHttpClient(pipeline.url, { connections: 16 });
      const send = (part: typeof calls) => sendCalls(client, part, { token: WEBHOOK_TOKEN, concurrency: 16 });

      const before = await send(calls.slice(0, third));
      await env.stopEmulator();
      const outageStarted = Date.now();
      log(`outage: Dataverse down for ${outageMs / 1000} s`);
      const during = await send(calls.slice(third, 2 * third));
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, outageMs - (Date.now() - outageStarted))),
      );
      const inbox = readInbox(env.dataDir);
      const backlog = inbox.counts();
      await env.restartEmulator();
      const recovered = Date.now();
      log(`outage: Dataverse back; backlog ${backlog.pending + backlog.processing}`);
      const after = await send(calls.slice(2 * third));
      const events = before.events + during.events + after.events;
      const drained = await waitForDrain(inbox.counts, {
        expected: events,
        timeoutMs: size === 'full' ? 10 * 60_000 : 120_000,
        log,
      });
      const drainSeconds = (Date.now() - recovered) / 1000;
      const counts = inbox.counts();
      const entries = inbox.entries();
      inbox.close();
      client.close();
      const completions = [...pipeline.completions];
      await pipeline.close();
      pipeline = undefined;

      const order = completionOrder(entries, completions);
      const landed = ledger(env.emulator, calls);
      const undelivered = before.undelivered + during.undelivered + after.undelivered;
      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          calls: count,
          events,
          outage: `${outageMs / 1000} s`,
          'calls sent during the outage': during.events,
        },
        checks: [
          check(
            'the intake keeps accepting during the outage',
            during.undelivered === 0 && during.resends === 0,
            `${during.accepted} of ${during.events} accepted at the first attempt`,
          ),
          check(
            'the backlog builds up while Dataverse is down',
            backlog.pending + backlog.processing > 0,
            `${backlog.pending + backlog.processing} entries waiting when Dataverse came back`,
          ),
          check(
            'the backlog drains afterwards, nothing dead',
            drained && counts.done === events && counts.dead === 0 && undelivered === 0,
            `${counts.done} of ${events} done ${drainSeconds.toFixed(1)} s after recovery, ${counts.dead} dead`,
          ),
          check(
            'before-call completes before after-call for every call',
            order.checked > 0 && order.outOfOrder.length === 0,
            `${order.outOfOrder.length} of ${order.checked} calls out of order`,
          ),
          check(
            'exactly one phone call per call, one contact per number',
            landed.phonecalls === count &&
              landed.lostCalls === 0 &&
              landed.duplicatePhonecalls === 0 &&
              landed.duplicateContacts === 0 &&
              landed.clientsWithoutContact === 0,
            `${landed.phonecalls} phone calls for ${count} calls (${landed.lostCalls} lost, ${landed.duplicatePhonecalls} duplicated); ${landed.contacts} contacts for ${landed.clients} numbers`,
          ),
        ],
        counts: {
          ...landed,
          events,
          undelivered,
          dead: counts.dead,
          backlog: backlog.pending + backlog.processing,
          orderChecked: order.checked,
          outOfOrder: order.outOfOrder.length,
          drainSeconds: Math.round(drainSeconds),
        },
        notes: order.outOfOrder
          .slice(0, 5)
          .map((id) => `Out of order: ${id} (after-call completed before before-call)`),
      });
    } finally {
      await pipeline?.close();
      await env.cleanup();
    }
  },
};

/** For calls with both events: did the before-call entry complete before the after-call entry? */
export function completionOrder(
  entries: ReadonlyArray<{ id: number; event: string; callId: string }>,
  completions: ReadonlyArray<{ id: number; seq: number }>,
): { checked: number; outOfOrder: string[] } {
  const firstDone = new Map<number, number>();
  for (const c of completions) if (!firstDone.has(c.id)) firstDone.set(c.id, c.seq);
  const byCall = new Map<string, { before?: number; after?: number }>();
  for (const e of entries) {
    const slot = byCall.get(e.callId) ?? {};
    const seq = firstDone.get(e.id);
    if (e.event === 'before-call' && seq !== undefined) slot.before = seq;
    if (e.event === 'after-call' && seq !== undefined) slot.after = seq;
    byCall.set(e.callId, slot);
  }
  let checked = 0;
  const outOfOrder: string[] = [];
  for (const [callId, slot] of byCall) {
    if (slot.before === undefined || slot.after === undefined) continue;
    checked++;
    if (slot.before > slot.after) outOfOrder.push(callId);
  }
  return { checked, outOfOrder };
}
