import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startRingostatEmulator,
  type StartedRingostatEmulator,
} from '../../../../emulators/ringostat/src/start-ringostat-emulator';
import type { RingostatEmulatorOptions } from '../../../../emulators/ringostat/src/ringostat-emulator';
import { createSqliteInbox, type SqliteInbox } from '../../../../webhook-receiver/src/inbox/sqlite-inbox';
import {
  createRingostatApi,
  type RingostatApi,
  type RingostatApiOptions,
} from '../../../../webhook-receiver/src/ringostat-api/ringostat-api';

export const AUTH_KEY = 'test-auth-key';
export const PROJECT_ID = 11111;

export interface RingostatFixture {
  server: StartedRingostatEmulator;
  dir: string;
  inbox: SqliteInbox;
  /** A client against the emulator; retries do not really wait (sleeps are recorded). */
  api(overrides?: Partial<RingostatApiOptions>): RingostatApi;
  sleeps: number[];
  close(): Promise<void>;
}

/** A real emulator on 127.0.0.1:<random>, a real SQLite inbox in a temporary directory. */
export async function startRingostatFixture(
  emulatorOptions: Partial<RingostatEmulatorOptions> = {},
): Promise<RingostatFixture> {
  const server = await startRingostatEmulator({
    authKey: AUTH_KEY,
    projectId: PROJECT_ID,
    ...emulatorOptions,
  });
  const dir = mkdtempSync(join(tmpdir(), 'ringostat-api-'));
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  const sleeps: number[] = [];
  return {
    server,
    dir,
    inbox,
    sleeps,
    api: (overrides = {}) =>
      createRingostatApi({
        baseUrl: server.url,
        authKey: AUTH_KEY,
        projectId: PROJECT_ID,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...overrides,
      }),
    async close() {
      inbox.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
