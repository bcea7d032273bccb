import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Config, DataverseConfig } from '../config';
import { requestLimiterFor } from '../dataverse/request-limiter';
import { createTokenProvider } from '../dataverse/token-provider';
import type { AdminRoutes } from '../http/admin-scope';
import { CONTACT_BOOK_FILE, createSqliteContactBookStore } from './contact-book-store';
import { createContactBookSync, type ContactBookSync } from './contact-book-sync';
import { createDataverseContactReader } from './dataverse-contact-pages';
import type { ImportInbox } from './call-log-import';
import { createReconciler, type Reconciler } from './reconciler';
import { createRingostatApi } from './ringostat-api';

/**
 * Everything the receiver runs against the Ringostat API, assembled from the configuration: the
 * contact-book sync (for the worker's `onContactResolved`), the reconciler (started here), and the
 * admin routes `GET /admin/ringostat` (status) and `POST /admin/ringostat/reconcile` (run now), which
 * join the admin scope (http/admin-scope.ts, behind `Authorization: Bearer <ADMIN_TOKEN>`). Without
 * RINGOSTAT_AUTH_KEY it is all off and says so.
 */

export interface RingostatSide {
  enabled: boolean;
  contactBook?: ContactBookSync;
  reconciler?: Reconciler;
  /** `GET /ringostat` and `POST /ringostat/reconcile` under /admin. */
  adminRoutes: AdminRoutes;
  close(): Promise<void>;
}

export interface RingostatSideDeps {
  config: Pick<
    Config,
    'ringostatAuthKey' | 'ringostatProjectId' | 'dataDir' | 'timeZone' | 'ringoOverrides'
  > & {
    dataverse?: DataverseConfig;
  };
  inbox: ImportInbox;
  registry: Registry;
  clock: Clock;
  log: { warn(details: object, message: string): void };
  /** Smart CRM app id for the contact links (optional). */
  appId?: string;
  /** Ringostat API base URL (the emulator in the demo). */
  baseUrl?: string;
}

export function createRingostatSide(deps: RingostatSideDeps): RingostatSide {
  const { config } = deps;
  const key = config.ringostatAuthKey;
  if (!key || !config.ringostatProjectId) {
    const reason =
      'RINGOSTAT_AUTH_KEY and RINGOSTAT_PROJECT_ID are not both set: no contact-book sync, no reconciliation';
    return {
      enabled: false,
      adminRoutes: adminRoutes(() => ({ enabled: false, reason })),
      close: async () => undefined,
    };
  }
  const api = createRingostatApi({
    ...(deps.baseUrl ? { baseUrl: deps.baseUrl } : {}),
    authKey: key,
    projectId: config.ringostatProjectId,
    timeZone: config.timeZone,
  });
  const reconciler = createReconciler({
    api,
    inbox: deps.inbox,
    clock: deps.clock,
    registry: deps.registry,
    timeZone: config.timeZone,
    onError: (error) => deps.log.warn({ err: error.message }, 'Ringostat reconciliation failed'),
  });
  const store = config.dataverse
    ? createSqliteContactBookStore({ file: join(config.dataDir, CONTACT_BOOK_FILE) })
    : undefined;
  const contactBook =
    store && config.dataverse
      ? createContactBookSync({
          api,
          store,
          crmUrl: config.dataverse.url,
          ...(deps.appId ? { appId: deps.appId } : {}),
          projectId: config.ringostatProjectId,
          defaultCountry: config.ringoOverrides.ringo_DefaultCountry ?? 'UA',
          clock: deps.clock,
          registry: deps.registry,
          readContact: createDataverseContactReader({
            dataverseUrl: config.dataverse.url,
            getToken: createTokenProvider(config.dataverse),
            limiter: requestLimiterFor(config.dataverse),
          }),
          onError: (error, contactId) =>
            deps.log.warn({ err: error.message, contactId }, 'Ringostat contact-book push failed'),
        })
      : undefined;
  reconciler.start();
  return {
    enabled: true,
    reconciler,
    ...(contactBook ? { contactBook } : {}),
    adminRoutes: adminRoutes(
      () => ({
        enabled: true,
        reconciliation: reconciler.status(),
        contactBook: contactBook?.status() ?? null,
      }),
      reconciler,
    ),
    async close() {
      await reconciler.stop();
      store?.close();
    },
  };
}

function adminRoutes(status: () => object, reconciler?: Reconciler): AdminRoutes {
  return (admin) => {
    admin.get('/ringostat', async () => status());
    admin.post('/ringostat/reconcile', async (_request, reply) => {
      if (!reconciler)
        return reply
          .code(409)
          .send({ error: 'disabled', message: 'set RINGOSTAT_AUTH_KEY and RINGOSTAT_PROJECT_ID' });
      try {
        return { counts: await reconciler.runOnce() };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return reply.code(502).send({ error: 'ringostat_failed', message });
      }
    });
  };
}
