import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { drillCalls } from './support/call-bodies';
import { createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { createHttpClient } from './support/http-client';
import { ledger } from './support/ledger';
import { readInbox, waitForDrain } from './support/pipeline';
import {
  freePort,
  startReceiverProcess,
  TUNED_RECEIVER,
  type ReceiverProcess,
} from './support/receiver-process';
import { sendCalls } from './support/send-calls';

/**
 * Crash: the receiver runs as a real process and is killed with SIGKILL five times while calls arrive
 * and the worker writes to Dataverse; each time it is started again on the same port and data
 * directory. Ringostat's side re-sends whatever did not get a 200. At the end every call must be one
 * phone call, every number one contact, and every event done.
 *
 * Full size runs webhook-receiver/src/server.ts itself (production lease: a killed worker's events are
 * reclaimed after 60 s); the CI size runs the same server with a 3 s lease so it ends in seconds.
 */
export const CRASH_SIZES: Record<DrillSize, { calls: number; kills: number }> = {
  full: { calls: 2_000, kills: 5 },
  ci: { calls: 60, kills: 5 },
};

export const crashDrill: Drill = {
  name: 'crash',
  title: 'Crash: SIGKILL during a run',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const { calls: count, kills } = CRASH_SIZES[size];
    const calls = drillCalls(count, { prefix: `crash_${size}` });
    const env = await createDrillEnv('crash', { latencyMs: 30 });
    const port = await freePort();
    const receiverEnv = {
      ...env.receiverEnv,
      PORT: String(port),
      DRILL_LEASE_MS: '3000',
      DRILL_POLL_MS: '200',
    };
    const start = () =>
      startReceiverProcess(
        receiverEnv,
        size === 'ci' ? { entry: TUNED_RECEIVER, startTimeoutMs: 60_000 } : { startTimeoutMs: 60_000 },
      );
    let receiver: ReceiverProcess | undefined;
    try {
      receiver = await start();
      const client = createHttpClient(receiver.url, { connections: 8, timeoutMs: 10_000 });
      const totalEvents = calls.reduce((n, c) => n + c.events.length, 0);
      let progressed = 0;
      const killedBy: Array<string | null> = [];
      let restartFailures = 0;

      const sending = sendCalls(client, calls, {
        token: WEBHOOK_TOKEN,
        concurrency: 8,
        retryDelayMs: 200,
        maxAttempts: 600,
        onEvent: () => progressed++,
      });
      // Kills are spread over the whole run — webhooks arriving and the worker writing to Dataverse —
      // by a progress measure that counts each event twice: once delivered, once done.
      const watch = readInbox(env.dataDir);
      const progress = () => progressed + watch.counts().done;
      const killing = (async () => {
        for (let k = 1; k <= kills; k++) {
          const threshold = Math.floor((2 * totalEvents * k) / (kills + 1));
          while (progress() < threshold) await new Promise((resolve) => setTimeout(resolve, 50));
          const exit = await receiver?.kill('SIGKILL');
          killedBy.push(exit?.signal ?? null);
          log(
            `crash: kill ${k} with ${progressed} of ${totalEvents} events delivered, ${watch.counts().done} done`,
          );
          try {
            receiver = await start();
          } catch (error) {
            restartFailures++;
            log(`crash: restart failed: ${(error as Error).message}`);
            receiver = await start();
          }
        }
      })();
      const [sent] = await Promise.all([sending, killing]);
      watch.close();
      client.close();
      const inbox = readInbox(env.dataDir);
      const drained = await waitForDrain(inbox.counts, {
        expected: totalEvents,
        timeoutMs: size === 'full' ? 8 * 60_000 : 60_000,
        log,
      });
      const counts = inbox.counts();
      const entries = inbox.entries();
      const stored = new Set(entries.map((e) => `${e.event} ${e.callId}`));
      const reclaimed = entries.filter((e) => e.attempts > 1).length;
      inbox.close();
      const exit = await receiver.stop();
      receiver = undefined;

      const expectedKeys = calls.flatMap((c) => c.events.map((e) => `${e} ${c.callId}`));
      const missingInInbox = expectedKeys.filter((key) => !stored.has(key)).length;
      const landed = ledger(env.emulator, calls);
      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          calls: count,
          events: totalEvents,
          kills,
          receiver:
            size === 'ci'
              ? 'server.ts with a 3 s lease'
              : 'webhook-receiver/src/server.ts (production settings)',
          'Dataverse latency': '30 ms',
        },
        checks: [
          check(
            `${kills} kills with SIGKILL, each followed by a restart`,
            killedBy.length === kills && killedBy.every((s) => s === 'SIGKILL') && restartFailures === 0,
            `${killedBy.filter((s) => s === 'SIGKILL').length} kills, ${restartFailures} failed restarts, final exit ${exit.code ?? exit.signal}`,
          ),
          check(
            'every event delivered and in the inbox once',
            sent.undelivered === 0 && missingInInbox === 0,
            `${sent.accepted} of ${totalEvents} delivered (${sent.resends} re-sends), ${missingInInbox} missing from the inbox`,
          ),
          check(
            'the inbox drains with nothing dead',
            drained && counts.done === totalEvents && counts.dead === 0,
            `${counts.done} done, ${counts.dead} dead, ${counts.pending + counts.processing} left`,
          ),
          check(
            'exactly one phone call per call',
            landed.phonecalls === count && landed.lostCalls === 0 && landed.duplicatePhonecalls === 0,
            `${landed.phonecalls} phone calls for ${count} calls: ${landed.lostCalls} lost, ${landed.duplicatePhonecalls} duplicated`,
          ),
          check(
            'exactly one contact per client number',
            landed.duplicateContacts === 0 && landed.clientsWithoutContact === 0,
            `${landed.contacts} contacts for ${landed.clients} numbers: ${landed.duplicateContacts} duplicates`,
          ),
        ],
        counts: {
          ...landed,
          events: totalEvents,
          kills: killedBy.filter((s) => s === 'SIGKILL').length,
          undelivered: sent.undelivered,
          resends: sent.resends,
          missingInInbox,
          dead: counts.dead,
          done: counts.done,
          reclaimed,
        },
        notes: [
          `${reclaimed} events were claimed more than once (taken up again after a kill interrupted them); ${sent.resends} webhook deliveries were re-sent because the receiver was down.`,
        ],
      });
    } finally {
      await receiver?.kill('SIGKILL');
      await env.cleanup();
    }
  },
};
