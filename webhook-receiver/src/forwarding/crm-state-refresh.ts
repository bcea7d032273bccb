import type { Clock } from '../clock';
import { coerceError } from '../errors';
import type { WebApiClient } from '../dataverse/web-api-client';
import { readApplicationUserId, readEnvironmentVariables } from '../settings/dataverse-settings';
import type { CrmUser, ForwardingStore } from './forwarding-store';

/**
 * Copies what forwarding needs from Dataverse into the forwarding store, in the background (every
 * 5 minutes by default), never on the answer path:
 * - the ringo_* environment variable values (the same query as settings/dataverse-settings.ts);
 * - WhoAmI, only while ringo_DefaultOwnerId is empty (the application user is then the default owner);
 * - every CRM user's id, `isdisabled` and `ringo_ringostatstaffid`: `GET systemusers?$select=…` with
 *   `Prefer: odata.maxpagesize=5000`, following `@odata.nextLink` — Microsoft Learn, "Page results using
 *   OData" (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results):
 *   the same shape as the worker's user preload (web-api-user-directory.ts), without its filter.
 * A failed read keeps the last good copy: a stale copy never blocks an answer.
 */
export interface CrmStateRefreshOptions {
  client: WebApiClient;
  store: Pick<ForwardingStore, 'replaceUsers' | 'setState' | 'state'>;
  overrides: Record<string, string>;
  clock: Clock;
  /** Told after new settings values were stored. */
  onValues(): void;
  onError(error: unknown, part: 'settings' | 'users'): void;
  intervalMs?: number;
}

interface UserRow {
  systemuserid: string;
  isdisabled?: boolean | null;
  ringo_ringostatstaffid?: string | null;
}

export function createCrmStateRefresh(options: CrmStateRefreshOptions) {
  const { client, store, clock } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastError: string | undefined;
  /** Set by stop(): a read still in flight then keeps its answer to itself (the store is closing). */
  let stopped = false;

  async function readSettings(): Promise<void> {
    const values = await readEnvironmentVariables(client);
    if (stopped) return;
    const ownerGiven = values.ringo_DefaultOwnerId || options.overrides.ringo_DefaultOwnerId;
    if (!ownerGiven && store.state('applicationUserId') === undefined) {
      const applicationUserId = (await readApplicationUserId(client)).toLowerCase();
      if (stopped) return;
      store.setState('applicationUserId', applicationUserId);
    }
    store.setState('dataverseValues', JSON.stringify(values));
    store.setState('settingsReadAt', clock.now().toISOString());
    options.onValues();
  }

  async function readUsers(): Promise<void> {
    const page = await client.run('forwarding-users', (api) =>
      api.retrieveAll<UserRow>({
        collection: 'systemusers',
        select: ['systemuserid', 'isdisabled', 'ringo_ringostatstaffid'],
        maxPageSize: 5000,
      }),
    );
    if (stopped) return;
    const users: CrmUser[] = page.value.map((row) => ({
      systemuserid: row.systemuserid,
      disabled: row.isdisabled === true,
      ...(row.ringo_ringostatstaffid?.trim() ? { staffId: row.ringo_ringostatstaffid.trim() } : {}),
    }));
    store.replaceUsers(users, clock.now().toISOString());
  }

  async function refreshOnce(): Promise<void> {
    const failures: string[] = [];
    for (const [part, read] of [
      ['settings', readSettings],
      ['users', readUsers],
    ] as const) {
      try {
        await read();
      } catch (error) {
        failures.push(`${part}: ${coerceError(error).message}`);
        options.onError(error, part);
      }
    }
    lastError = failures.length > 0 ? failures.join('; ') : undefined;
  }

  /** One refresh now (shared with one already running). */
  const refresh = (): Promise<void> =>
    (running ??= refreshOnce().finally(() => {
      running = undefined;
    }));

  return {
    refresh,
    lastError: () => lastError,
    start(): void {
      timer ??= setInterval(() => void refresh(), options.intervalMs ?? 5 * 60_000);
      timer.unref();
    },
    /** Stops the timer; a read in flight is not waited for (Dataverse may be hanging), its result is dropped. */
    stop(): void {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
