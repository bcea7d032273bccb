import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { createCallIdGuard } from '../webhook-receiver/src/call-ids/call-id-guard';
import { CALL_ID_FILE, createSqliteCallIdStore } from '../webhook-receiver/src/call-ids/sqlite-call-id-store';
import { systemClock } from '../webhook-receiver/src/clock';
import { createSqliteInbox } from '../webhook-receiver/src/inbox/sqlite-inbox';
import { BACKFILL_USAGE, parseBackfillArgs } from '../webhook-receiver/src/ringostat-api/backfill-args';
import { walkCallHistory } from '../webhook-receiver/src/ringostat-api/call-history-walk';
import { createRingostatApi } from '../webhook-receiver/src/ringostat-api/ringostat-api';
import { RingostatApiError } from '../webhook-receiver/src/ringostat-api/ringostat-api-error';

/**
 * `npm run ringostat:backfill -- --from "2026-01-01 00:00:00" [--to "…"]`: imports Ringostat's call
 * history for a period into the receiver's inbox (DATA_DIR/inbox.sqlite); the worker then logs every
 * call it did not know yet. Safe to repeat: calls already in the inbox count as "already known", and a
 * call the webhooks delivered under another id (a wrong list item behind `uniqueid`) is not imported
 * again but counted as "delivered under another id" (docs/adr/0111-call-id-guard.md).
 * Environment: RINGOSTAT_AUTH_KEY, RINGOSTAT_PROJECT_ID, RINGOSTAT_TIMEZONE (Europe/Kyiv), DATA_DIR
 * (./.data), RINGOSTAT_API_URL (default https://api.ringostat.net; the emulator's URL for a dry run).
 */
async function main(): Promise<number> {
  const env = process.env;
  const timeZone = env.RINGOSTAT_TIMEZONE || 'Europe/Kyiv';
  let args;
  try {
    args = parseBackfillArgs(process.argv.slice(2), { timeZone, now: systemClock.now() });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (!env.RINGOSTAT_AUTH_KEY) {
    console.error('RINGOSTAT_AUTH_KEY is not set: copy the Auth-key from Ringostat (Integration → API)');
    console.error(BACKFILL_USAGE);
    return 2;
  }
  const api = createRingostatApi({
    ...(env.RINGOSTAT_API_URL ? { baseUrl: env.RINGOSTAT_API_URL } : {}),
    authKey: env.RINGOSTAT_AUTH_KEY,
    projectId: env.RINGOSTAT_PROJECT_ID ?? '0',
    timeZone,
  });
  const dataDir = env.DATA_DIR || '.data';
  const inbox = createSqliteInbox({ file: join(dataDir, 'inbox.sqlite') });
  const guard = createCallIdGuard({
    store: createSqliteCallIdStore({ file: join(dataDir, CALL_ID_FILE) }),
    clock: systemClock,
  });
  const bar = new SingleBar(
    {
      format:
        'Backfill |{bar}| {percentage}% | {new} new, {known} already known, {mismatched} under another id, {skipped} skipped | {requests} requests',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(100, 0, { new: 0, known: 0, mismatched: 0, skipped: 0, requests: 0 });
  const problems: string[] = [];
  try {
    const result = await walkCallHistory({
      api,
      inbox,
      from: args.from,
      to: args.to,
      windowMs: args.windowMs,
      timeZone,
      now: () => systemClock.now(),
      source: 'backfill',
      guard,
      onProgress: (p) => bar.update(Math.floor((p.doneMs / p.totalMs) * 100), { ...p }),
      onProblem: (p) => problems.length < 20 && problems.push(p),
    });
    bar.stop();
    console.log(
      `Backfill ${args.from.toISOString()} … ${args.to.toISOString()}: ${result.new} new, ${result.known} already known, ${result.mismatched} delivered by webhook under another id, ${result.skipped} skipped, ${result.requests} requests to /calls/list.`,
    );
    if (result.mismatched > 0) {
      console.log(
        '  Webhooks and the call log disagree on call ids: check the "uniqueid" key of the webhooks (docs/webhook-parameters.md).',
      );
    }
    for (const problem of problems) console.log(`  skipped ${problem}`);
    return 0;
  } catch (error) {
    bar.stop();
    if (error instanceof RingostatApiError) {
      console.error(
        `Backfill stopped: ${error.message}${error.retryable ? ' — run the same command again later' : ''}`,
      );
      return 1;
    }
    throw error;
  } finally {
    inbox.close();
    guard.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
