import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { buildApp, type AppDeps } from '../../../webhook-receiver/src/http/app';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';

/** A real receiver app on 127.0.0.1 (random port) over a real SQLite file in a temp dir. */

export const TOKEN = 'current-token-0123456789';
export const PREVIOUS_TOKEN = 'previous-token-0123456789';

export interface IntakeServer {
  app: FastifyInstance;
  inbox: SqliteInbox;
  base: string;
  /** `/ringostat/<event>?token=…` with extra query text appended. */
  url(event: string, query?: string, token?: string | null): string;
  close(): Promise<void>;
}

export async function startIntakeServer(
  env: Record<string, string> = {},
  adjust: (deps: AppDeps) => AppDeps = (d) => d,
): Promise<IntakeServer> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-'));
  const config = loadConfig({
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    RINGOSTAT_WEBHOOK_TOKEN_PREVIOUS: PREVIOUS_TOKEN,
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  const deps: AppDeps = {
    config,
    inbox,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    registry: createMetricsRegistry(),
  };
  const app = await buildApp(adjust(deps));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    inbox,
    base,
    url: (event, query = '', token: string | null = TOKEN) =>
      `${base}/ringostat/${event}?${token === null ? '' : `token=${encodeURIComponent(token)}`}${query ? `&${query}` : ''}`,
    close: async () => {
      await app.close();
      inbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
