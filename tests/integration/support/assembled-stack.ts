import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { startRingostatEmulator } from '../../../emulators/ringostat/src/start-ringostat-emulator';
import { loadConfig } from '../../../webhook-receiver/src/config';
import type { InboxEventName } from '../../../webhook-receiver/src/ringostat/inbox-payload';
import {
  startReceiver,
  type ReceiverExtras,
  type RunningReceiver,
} from '../../../webhook-receiver/src/start-receiver';
import {
  processingExtension,
  type ProcessingTuning,
} from '../../../webhook-receiver/src/worker/processing-extension';

/**
 * The receiver as server.ts assembles it (intake, worker, Ringostat side, admin API) against the
 * Dataverse emulator and the Ringostat emulator, each on its own HTTP server on 127.0.0.1, with a real
 * SQLite DATA_DIR in a temporary folder.
 */
export const HOOK_TOKEN = 'assembled-hook-token';
export const ADMIN_TOKEN = 'assembled-admin-token';

export type Org = Awaited<ReturnType<typeof startEmulatorServer>>;
export type RingostatServer = Awaited<ReturnType<typeof startRingostatEmulator>>;

export interface AssembledStack {
  org: Org;
  ringostat: RingostatServer;
  receiver: RunningReceiver;
  /** What processingExtension returned (the staff directory among it). */
  extras: Awaited<ReturnType<typeof processingExtension>>;
  defaultOwner: string;
  post(
    event: InboxEventName,
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  admin(
    method: string,
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  /** Waits until the inbox has nothing pending or processing. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment (e.g. RINGOSTAT_AUTH_KEY to switch the Ringostat side on). */
  env?: Record<string, string>;
  tuning?: (ringostat: RingostatServer) => ProcessingTuning;
  /** Seeds both emulators before the receiver starts. */
  seed?: (org: Org, ringostat: RingostatServer) => void;
  withRingostatApi?: boolean;
}

export async function startAssembledStack(options: StackOptions = {}): Promise<AssembledStack> {
  const org = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const ringostat = await startRingostatEmulator({ authKey: 'rs-key', projectId: 4242 });
  const defaultOwner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
  options.seed?.(org, ringostat);
  const dataDir = mkdtempSync(join(tmpdir(), 'ringo-stack-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RINGOSTAT_WEBHOOK_TOKEN: HOOK_TOKEN,
    ADMIN_TOKEN,
    DATAVERSE_URL: org.url,
    DATAVERSE_TOKEN: 'static-token',
    RINGO_DEFAULTOWNERID: defaultOwner,
    ...(options.withRingostatApi === false
      ? {}
      : { RINGOSTAT_AUTH_KEY: 'rs-key', RINGOSTAT_PROJECT_ID: '4242' }),
    ...options.env,
  });
  let extras: AssembledStack['extras'] = {};
  const receiver = await startReceiver(config, async (core): Promise<ReceiverExtras> => {
    extras = await processingExtension(core, core.config.dataverse, {
      ringostatBaseUrl: ringostat.url,
      worker: { pollIntervalMs: 20 },
      ...options.tuning?.(ringostat),
    });
    return extras;
  });

  return {
    org,
    ringostat,
    receiver,
    get extras() {
      return extras;
    },
    defaultOwner,
    async post(event, body) {
      const response = await fetch(receiver.webhookUrls[event], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    async admin(method, path, headers = { authorization: `Bearer ${ADMIN_TOKEN}` }) {
      const response = await fetch(`${receiver.url}${path}`, { method, headers });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      };
    },
    async settled() {
      for (let i = 0; i < 600; i++) {
        const stats = receiver.inbox.stats(new Date());
        if (stats.pending === 0 && stats.processing === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`the inbox never settled: ${JSON.stringify(receiver.inbox.stats(new Date()))}`);
    },
    async close() {
      await receiver.close();
      await ringostat.close();
      await org.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
