import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { createLogger, type Logger } from '../../../webhook-receiver/src/logger';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

/**
 * The receiver as `npm run serve` assembles it without Dataverse (webhook intake, admin API, Ringostat
 * side off), on 127.0.0.1 at a random port, over a real SQLite file in a temp directory.
 */
export const WEBHOOK_TOKEN = 'sec-webhook-token-0123456789abcdef';
export const ADMIN_TOKEN = 'sec-admin-token-0123456789abcdef';
export const CALLER = '380671112233';

export interface SecurityReceiver {
  receiver: RunningReceiver;
  port: number;
  /** Inbox id of the one seeded call (caller CALLER). */
  seededId: number;
  close(): Promise<void>;
}

export async function startSecurityReceiver(
  env: Record<string, string> = {},
  options: { adminToken?: string | null; logger?: Logger } = {},
): Promise<SecurityReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'security-'));
  const adminToken = options.adminToken === undefined ? ADMIN_TOKEN : options.adminToken;
  const config = loadConfig({
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: '0',
    RINGOSTAT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    LOG_LEVEL: 'silent',
    ...(adminToken ? { ADMIN_TOKEN: adminToken } : {}),
    ...env,
  });
  const receiver = await startReceiver(config, (core) => processingExtension(core, undefined), {
    logger: options.logger ?? createLogger({ level: 'silent' }),
  });
  const query = new URLSearchParams({
    token: WEBHOOK_TOKEN,
    uniqueid: 'ua18_-1791545397.2215926',
    calldate: '2026-03-02 14:05:11',
    caller: CALLER,
    dst: '380441112233',
  });
  const seeded = await fetch(`${receiver.url}/ringostat/before-call?${query.toString()}`);
  const { id } = (await seeded.json()) as { id: number };
  return {
    receiver,
    port: Number(new URL(receiver.url).port),
    seededId: id,
    async close() {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
