import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startEmulatorServer, type EmulatorOptions } from '../../../emulators/dataverse/src/index';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createAdminRoutes } from '../../../webhook-receiver/src/http/admin-routes';
import { buildApp } from '../../../webhook-receiver/src/http/app';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';
import { startProcessing, type Processing } from '../../../webhook-receiver/src/worker/start-processing';

export const WEBHOOK_TOKEN = 'hook-token-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests';

export type Org = Awaited<ReturnType<typeof startEmulatorServer>>;

/**
 * The whole receiver on 127.0.0.1: real HTTP intake (buildApp), a real SQLite inbox in a temp dir, the
 * worker and gateway from startProcessing, and the Dataverse emulator on its own HTTP server. Retries
 * are fast (tens of milliseconds) so outage tests finish quickly.
 */
export interface CallStack {
  url: string;
  org: Org;
  inbox: SqliteInbox;
  processing: Processing;
  users: { defaultOwner: string; ivan: string; maria: string };
  post(
    event: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  admin(
    method: string,
    path: string,
    token?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  overrides?: Record<string, string>;
  maxAttempts?: number;
}

export async function startCallStack(options: StackOptions = {}): Promise<CallStack> {
  const org = await startEmulatorServer(options.emulator ?? {});
  const users = {
    defaultOwner: org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' }),
    ivan: org.emulator.insert('systemuser', {
      firstname: 'Іван',
      lastname: 'Петренко',
      internalemailaddress: 'ivan@example.com',
      ...(options.emulator?.solution === 'none' ? {} : { ringo_ringostatstaffid: '111111' }),
    }),
    maria: org.emulator.insert('systemuser', {
      firstname: 'Марія',
      lastname: 'Коваль',
      internalemailaddress: 'maria@example.com',
    }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'ringo-calls-'));
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  const logger = createLogger({ level: 'silent' });
  const registry = createMetricsRegistry();
  const processing = await startProcessing({
    dataverse: { url: org.url, staticToken: 'test-token' },
    overrides: {
      ringo_DefaultOwnerId: users.defaultOwner,
      ringo_Language: 'en',
      ringo_CallbackDueHours: '2',
      ...options.overrides,
    },
    inbox,
    logger,
    clock: systemClock,
    registry,
    worker: {
      pollIntervalMs: 10,
      concurrency: 8,
      policy: { maxAttempts: options.maxAttempts ?? 20, baseMs: 20, capMs: 200, jitter: 0.5 },
    },
  });
  let app: FastifyInstance;
  try {
    app = await buildApp({
      config: {
        webhookToken: WEBHOOK_TOKEN,
        bodyLimitBytes: 1 << 20,
        timeZone: 'Europe/Kyiv',
        demo: false,
        adminToken: ADMIN_TOKEN,
      },
      inbox,
      clock: systemClock,
      logger,
      registry,
      adminRoutes: [createAdminRoutes({ inbox, clock: systemClock, onRequeue: processing.wake })],
      readiness: processing.readiness,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await processing.stop();
    inbox.close();
    await org.close();
    throw error;
  }
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const request = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  return {
    url,
    org,
    inbox,
    processing,
    users,
    post: (event, body) =>
      request(
        'POST',
        `/ringostat/${event}?token=${WEBHOOK_TOKEN}`,
        { 'content-type': 'application/json' },
        JSON.stringify(body),
      ),
    admin: (method, path, token = ADMIN_TOKEN) =>
      request(method, path, token ? { authorization: `Bearer ${token}` } : {}),
    async settled() {
      for (let i = 0; i < 3000; i++) {
        const stats = inbox.stats(new Date());
        if (stats.pending === 0 && stats.processing === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`the inbox never settled: ${JSON.stringify(inbox.stats(new Date()))}`);
    },
    async close() {
      await app.close();
      await processing.stop();
      inbox.close();
      await org.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rows of the emulator's org, with the parties of a phone call as [mask, partyid, partyidtype]. */
export function phoneCallsOf(org: Org, callId: string) {
  return org.emulator.rows('phonecall').filter((row) => row.ringo_callid === callId);
}

export function partiesOf(org: Org, activityid: unknown) {
  return org.emulator
    .rows('activityparty')
    .filter((p) => p.activityid === activityid)
    .map((p) => [p.participationtypemask, p.partyid, p.partyidtype]);
}

export function contactsWith(org: Org, e164: string) {
  return org.emulator
    .rows('contact')
    .filter((c) =>
      ['telephone1', 'telephone2', 'telephone3', 'mobilephone', 'business2', 'home2'].some(
        (k) => c[k] === e164,
      ),
    );
}
