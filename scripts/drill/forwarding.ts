import {
  forwardingLoadInChild,
  percentile,
  seedForwardingOrg,
  waitForForwarding,
  type LoadResult,
} from '../bench/forwarding-load';
import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { ADMIN_TOKEN, createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { startReceiverProcess, type ReceiverProcess } from './support/receiver-process';

/**
 * Forwarding while Dataverse is down: the receiver (server.ts, a real process) answers Ringostat's
 * forwarding requests at a steady rate while its Dataverse is up, after the Dataverse server stopped
 * (connections refused), after the receiver itself restarted in the middle of that outage, and once
 * Dataverse is back. Every request must get its right answer — the manager's extension, or "no redirect"
 * for new, team-owned and shared numbers — within Ringostat's shortest timeout (1 s), because the answers
 * come from the receiver's local copy only (docs/adr/0130–0134).
 */
export const FORWARDING_SIZES: Record<DrillSize, { contacts: number; rate: number; seconds: number }> = {
  full: { contacts: 20_000, rate: 100, seconds: 60 },
  ci: { contacts: 2_000, rate: 50, seconds: 4 },
};
/** Ringostat's forwarding timeout is set in whole seconds: one second is the least an admin can choose. */
const IN_TIME_MS = 1_000;

export const forwardingDrill: Drill = {
  name: 'forwarding',
  title: 'Forwarding: every request answered in time with Dataverse down',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const { contacts, rate, seconds } = FORWARDING_SIZES[size];
    const env = await createDrillEnv('forwarding');
    seedForwardingOrg(env.emulator, contacts);
    let receiver: ReceiverProcess | undefined;
    try {
      receiver = await startReceiverProcess(env.receiverEnv, { startTimeoutMs: 120_000 });
      await waitForForwarding(receiver.url, ADMIN_TOKEN, contacts);
      const load = (url: string) =>
        forwardingLoadInChild({ url, token: WEBHOOK_TOKEN, contacts, rate, seconds, limitMs: IN_TIME_MS });

      // Right after its first full read of the contacts the receiver is still collecting that read's
      // garbage; that start-up is reported, not judged (a restart from a kept directory is judged below).
      const warmUp = await load(receiver.url);
      log(`warm-up after the first full read: ${summary(warmUp)}`);
      const up = await load(receiver.url);
      log(`Dataverse up: ${summary(up)}`);
      await env.stopEmulator();
      const down = await load(receiver.url);
      log(`Dataverse down: ${summary(down)}`);
      await receiver.stop();
      receiver = await startReceiverProcess(env.receiverEnv, { startTimeoutMs: 120_000 });
      const restarted = await load(receiver.url);
      log(`restarted during the outage: ${summary(restarted)}`);
      await env.restartEmulator();
      const back = await load(receiver.url);
      log(`Dataverse back: ${summary(back)}`);

      const runs = { up, down, restarted, back };
      const all = Object.values(runs);
      const sum = (pick: (r: LoadResult) => number) => all.reduce((n, r) => n + pick(r), 0);
      const worst = Math.max(...all.map((r) => percentile(r.latenciesMs, 100)));
      const outage = [down, restarted];
      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          contacts,
          'requests per second': rate,
          'seconds per phase': seconds,
          phases: 'warm-up; Dataverse up; Dataverse down; receiver restarted while down; Dataverse back',
        },
        checks: [
          check(
            'every request is answered 200 with its right answer while Dataverse is down',
            outage.every((r) => r.correct === r.sent),
            outage.map((r) => `${r.correct} of ${r.sent} right`).join('; '),
          ),
          check(
            'a restart during the outage still answers from the local copy',
            restarted.correct === restarted.sent && (restarted.kinds.redirect ?? 0) > 0,
            `${restarted.kinds.redirect ?? 0} redirects, ${restarted.correct} of ${restarted.sent} right`,
          ),
          check(
            `every answer within ${IN_TIME_MS} ms (Ringostat's shortest timeout)`,
            sum((r) => r.late) === 0,
            `slowest ${worst.toFixed(1)} ms; p99 ${Object.entries(runs)
              .map(([name, r]) => `${name} ${percentile(r.latenciesMs, 99).toFixed(1)} ms`)
              .join(', ')}`,
          ),
          check(
            'the answers are the same before, during and after the outage',
            all.every((r) => r.wrong === 0 && r.failed === 0),
            `${sum((r) => r.wrong)} wrong, ${sum((r) => r.failed)} failed of ${sum((r) => r.sent)}`,
          ),
        ],
        counts: {
          sent: sum((r) => r.sent),
          correct: sum((r) => r.correct),
          wrong: sum((r) => r.wrong),
          failed: sum((r) => r.failed),
          late: sum((r) => r.late),
          redirectsDuringOutage: (down.kinds.redirect ?? 0) + (restarted.kinds.redirect ?? 0),
          slowestMs: Math.round(worst),
        },
        notes: [
          `Warm-up right after the first full read of ${contacts} contacts (not judged): ${summary(warmUp)}.`,
          `Answers by kind while Dataverse was down: ${JSON.stringify(down.kinds)}.`,
          'The receiver started while Dataverse refused connections: its settings, CRM users, learned extensions and phone directory came from DATA_DIR.',
        ],
      });
    } finally {
      await receiver?.stop();
      await env.cleanup();
    }
  },
};

function summary(r: LoadResult): string {
  return `${r.correct}/${r.sent} right, p99 ${percentile(r.latenciesMs, 99).toFixed(1)} ms, max ${percentile(r.latenciesMs, 100).toFixed(1)} ms`;
}
