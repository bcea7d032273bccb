import { join } from 'node:path';
import type { RejectedEntry } from '../../webhook-receiver/src/inbox/inbox';
import { createSqliteInbox } from '../../webhook-receiver/src/inbox/sqlite-inbox';
import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { createHttpClient, forEachLimited } from './support/http-client';
import { startReceiverProcess, type ReceiverProcess } from './support/receiver-process';
import { generateWebhooks, toRequest, type GeneratedWebhook } from './support/webhook-arbitraries';

/**
 * Bad input: a flood of generated webhooks (fast-check, reproducible from the seed) at the receiver
 * process. Nothing may answer 5xx or crash it, every 400/413 must leave a row with its reason in the
 * rejected table, and every 200 must be an inbox row. The body limit is lowered to 64 KiB so oversized
 * bodies are cheap to send; the code path is the same as at the default 1 MiB.
 */
export const BAD_INPUT_SIZES: Record<DrillSize, number> = { full: 50_000, ci: 1_000 };
const LIMIT_BYTES = 64 * 1024;
const CONNECTIONS = 16;
const SEED = 20_260_302;

interface Tally {
  byStatus: Map<number, number>;
  byKind: Map<string, Map<number, number>>;
  newlyAccepted: number;
  mismatches: Array<{ webhook: GeneratedWebhook; status: number; body: string }>;
  /** Call ids answered 200 in this run. */
  acceptedIds: Set<string>;
  /** Well-formed webhooks refused because their id already belongs to another call, settled at the end. */
  reusedIds: Array<{ webhook: GeneratedWebhook; status: number; body: string; callId: string }>;
}

/**
 * The generator draws call ids from a biased range, so at full size two different well-formed calls share
 * an id now and then. The call-id guard (docs/adr/0111) rightly refuses the later one with 400; that is the
 * expected answer when — and only when — an earlier webhook of this run was accepted under that id.
 */
const REUSED_ID = /uniqueid \\?"([^"\\]+)\\?" already belongs to another call/;

function callIdOf(webhook: GeneratedWebhook): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  try {
    if (webhook.query.includes('uniqueid=')) return text(new URLSearchParams(webhook.query).get('uniqueid'));
    if (webhook.contentType?.startsWith('application/x-www-form-urlencoded'))
      return text(new URLSearchParams(webhook.body ?? '').get('uniqueid'));
    if (webhook.contentType?.startsWith('application/json')) {
      // A nested webhook may carry the id inside additional_call_data (an object or a JSON string).
      const body = JSON.parse(webhook.body ?? '{}') as Record<string, unknown>;
      const inner = body.additional_call_data;
      const nested = (typeof inner === 'string' ? JSON.parse(inner) : inner) as Record<
        string,
        unknown
      > | null;
      return text(body.uniqueid) ?? text(nested?.uniqueid);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function meetsExpectation(webhook: GeneratedWebhook, status: number): boolean {
  switch (webhook.expect) {
    case 'accept':
      return status === 200;
    case 'reject':
      return status === 400 || status === 413;
    case 'not-found':
      return status === 404;
    case 'either':
      return status === 200 || status === 400 || status === 413;
  }
}

export const badInputDrill: Drill = {
  name: 'bad-input',
  title: 'Bad input: generated webhooks',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const count = BAD_INPUT_SIZES[size];
    const env = await createDrillEnv('bad-input', {}, { WEBHOOK_BODY_LIMIT_BYTES: String(LIMIT_BYTES) });
    const tally: Tally = {
      byStatus: new Map(),
      byKind: new Map(),
      newlyAccepted: 0,
      mismatches: [],
      acceptedIds: new Set(),
      reusedIds: [],
    };
    let receiver: ReceiverProcess | undefined;
    try {
      receiver = await startReceiverProcess(env.receiverEnv);
      const client = createHttpClient(receiver.url, { connections: CONNECTIONS, timeoutMs: 30_000 });
      let sent = 0;
      for (const chunk of generateWebhooks(count, SEED, LIMIT_BYTES)) {
        await forEachLimited(chunk, CONNECTIONS, async (webhook) => {
          const response = await client.send(toRequest(webhook, WEBHOOK_TOKEN));
          const status = response.status;
          tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
          const kind = tally.byKind.get(webhook.kind) ?? new Map<number, number>();
          kind.set(status, (kind.get(status) ?? 0) + 1);
          tally.byKind.set(webhook.kind, kind);
          if (status === 200 && (JSON.parse(response.body) as { duplicate: boolean }).duplicate === false)
            tally.newlyAccepted++;
          const callId = callIdOf(webhook);
          if (status === 200 && callId) tally.acceptedIds.add(callId);
          const reused = status === 400 ? REUSED_ID.exec(response.body)?.[1] : undefined;
          if (webhook.expect === 'accept' && reused !== undefined && reused === callId)
            tally.reusedIds.push({ webhook, status, body: response.body.slice(0, 300), callId });
          else if (!meetsExpectation(webhook, status) && tally.mismatches.length < 1_000)
            tally.mismatches.push({ webhook, status, body: response.body.slice(0, 300) });
        });
        sent += chunk.length;
        if (sent % 10_000 === 0 || sent === count) log(`bad-input: ${sent}/${count} sent`);
      }
      // A reused-id refusal is right only when another webhook of this run was accepted under that id.
      const reusedRight = tally.reusedIds.filter((r) => tally.acceptedIds.has(r.callId)).length;
      for (const r of tally.reusedIds.filter((r) => !tally.acceptedIds.has(r.callId)))
        if (tally.mismatches.length < 1_000) tally.mismatches.push(r);
      const health = await client.send({ method: 'GET', path: '/healthz' });
      client.close();
      const aliveAfter = receiver.child.exitCode === null && receiver.child.signalCode === null;
      const exit = await receiver.stop();

      const inbox = createSqliteInbox({ file: join(env.dataDir, 'inbox.sqlite') });
      const stats = inbox.stats(new Date());
      const rejectedRows: RejectedEntry[] = [];
      for (let page = inbox.listRejected({ limit: 500 }); page.length > 0;) {
        rejectedRows.push(...page);
        page = inbox.listRejected({ limit: 500, beforeId: page[page.length - 1]?.id ?? 0 });
      }
      inbox.close();

      const status = (s: number) => tally.byStatus.get(s) ?? 0;
      const serverErrors = [...tally.byStatus]
        .filter(([s]) => s >= 500 || s === 0)
        .reduce((n, [, c]) => n + c, 0);
      const rejectedAnswers = status(400) + status(413);
      const withoutReason = rejectedRows.filter((r) => r.reason.trim() === '').length;
      const rowsByStatus = (s: number) => rejectedRows.filter((r) => r.status === s).length;
      const inboxRows = stats.pending + stats.processing + stats.done + stats.dead;

      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          webhooks: count,
          seed: SEED,
          'body limit': `${LIMIT_BYTES / 1024} KiB`,
          connections: CONNECTIONS,
        },
        checks: [
          check('no 5xx answer and no dropped connection', serverErrors === 0, `${serverErrors} of ${count}`),
          check(
            'the receiver survives and closes cleanly',
            aliveAfter && health.status === 200 && exit.code === 0,
            `alive after the flood: ${aliveAfter}, /healthz ${health.status}, exit code ${exit.code ?? exit.signal}`,
          ),
          check(
            'every 400/413 answer is a stored rejected row',
            rejectedRows.length === rejectedAnswers &&
              rowsByStatus(400) === status(400) &&
              rowsByStatus(413) === status(413),
            `${rejectedRows.length} rows (${rowsByStatus(400)} × 400, ${rowsByStatus(413)} × 413) for ${rejectedAnswers} answers (${status(400)} × 400, ${status(413)} × 413)`,
          ),
          check(
            'every rejected row carries its reason',
            withoutReason === 0,
            `${withoutReason} rows without a reason`,
          ),
          check(
            'every new 200 is an inbox row',
            inboxRows === tally.newlyAccepted,
            `${inboxRows} inbox rows for ${tally.newlyAccepted} new acceptances (${status(200)} × 200 in all)`,
          ),
          check(
            'each kind of input gets the answer it should',
            tally.mismatches.length === 0,
            `${tally.mismatches.length} unexpected answers`,
          ),
        ],
        counts: {
          sent: count,
          ok: status(200),
          badRequest: status(400),
          tooLarge: status(413),
          notFound: status(404),
          serverErrors,
          rejectedRows: rejectedRows.length,
          rejectedWithoutReason: withoutReason,
          inboxRows,
          newlyAccepted: tally.newlyAccepted,
          mismatches: tally.mismatches.length,
          reusedIdRefusals: reusedRight,
        },
        notes: [
          `Well-formed calls refused because an earlier accepted call of the run had the same id (call-id guard, docs/adr/0111): ${reusedRight}.`,
          `Answers by kind of input: ${[...tally.byKind]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([kind, statuses]) => `${kind} ${[...statuses].map(([s, n]) => `${n}×${s}`).join('/')}`)
            .join('; ')}.`,
          ...tally.mismatches
            .slice(0, 5)
            .map(
              (m) =>
                `Unexpected: ${m.webhook.kind} (expected ${m.webhook.expect}) got ${m.status} ${m.body} — request ${JSON.stringify({ ...m.webhook, body: m.webhook.body?.slice(0, 200) })}`,
            ),
        ],
      });
    } finally {
      await receiver?.kill('SIGKILL');
      await env.cleanup();
    }
  },
};
