import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer, type EmulatorOptions } from '../../../emulators/dataverse/src/index';
import { listenEmulator } from '../../../emulators/dataverse/src/mounts/node-server';

/**
 * What every drill starts from: a Dataverse emulator on its own HTTP server, a temp data directory, and
 * the receiver environment that points at both. `cleanup()` stops the emulator and deletes the directory.
 */
export const WEBHOOK_TOKEN = 'drill-webhook-token-0123456789abcdef';
export const ADMIN_TOKEN = 'drill-admin-token-0123456789abcdef';

export interface DrillEnv {
  dataDir: string;
  emulatorUrl: string;
  emulator: Awaited<ReturnType<typeof startEmulatorServer>>['emulator'];
  /** Environment for the receiver (server.ts) against this emulator. */
  receiverEnv: Record<string, string>;
  /** Stops the emulator server (an outage); `restartEmulator` brings the same org back on the same port. */
  stopEmulator(): Promise<void>;
  restartEmulator(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createDrillEnv(
  name: string,
  emulatorOptions: EmulatorOptions = {},
  extraEnv: Record<string, string> = {},
): Promise<DrillEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), `drill-${name}-`));
  const server = await startEmulatorServer({ ...emulatorOptions, host: '127.0.0.1', port: 0 });
  const port = Number(new URL(server.url).port);
  let close: (() => Promise<void>) | undefined = server.close;
  const env: DrillEnv = {
    dataDir,
    emulatorUrl: server.url,
    emulator: server.emulator,
    receiverEnv: {
      DATA_DIR: dataDir,
      DATAVERSE_URL: server.url,
      DATAVERSE_TOKEN: 'drill-dataverse-token',
      RINGOSTAT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      ADMIN_TOKEN,
      RINGO_DEFAULTOWNERID: server.emulator.whoAmI().UserId,
      ...extraEnv,
    },
    async stopEmulator() {
      await close?.();
      close = undefined;
    },
    async restartEmulator() {
      if (close) return;
      close = (await listenEmulator(server.emulator, port, '127.0.0.1')).close;
    },
    async cleanup() {
      await close?.();
      close = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}
