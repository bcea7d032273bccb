import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { Clock } from '../clock';
import type { Config, DataverseConfig } from '../config';
import { requestLimiterFor } from '../dataverse/request-limiter';
import { createTokenProvider } from '../dataverse/token-provider';
import type { AdminRoutes } from '../http/admin-scope';
import { createWebApiClient } from '../dataverse/web-api-client';
import { createWebApiCrmUsers } from '../dataverse/web-api-crm-users';
import { createSqliteStaffStore, STAFF_DIRECTORY_FILE } from '../staff/sqlite-staff-store';
import { createStaffDirectory, type StaffDirectory } from '../staff/staff-directory';
import { staffRoutes } from '../staff/staff-routes';
import { CONTACT_BOOK_FILE, createSqliteContactBookStore } from './contact-book-store';
import { createContactBookSync, type ContactBookSync } from './contact-book-sync';
import { createDataverseContactReader } from './dataverse-contact-pages';
import type { ImportInbox } from './call-log-import';
import { createReconciler, type Reconciler } from './reconciler';
import { createRingostatApi } from './ringostat-api';

/**
 * Everything the receiver runs against the Ringostat API, assembled from the configuration: the
 * contact-book sync (for the worker's `onContactResolved`), the reconciler (started here), the staff
 * directory (employees ↔ CRM users, started here; ../staff/), and the admin routes `GET /admin/ringostat`
 * (status), `POST /admin/ringostat/reconcile` (run now) and `/admin/ringostat/staff` (staff-routes.ts),
 * which join the admin scope (http/admin-scope.ts, behind `Authorization: Bearer <ADMIN_TOKEN>`). Without
 * RINGOSTAT_AUTH_KEY it is all off and says so.
 */

export interface RingostatSide {
  enabled: boolean;
  contactBook?: ContactBookSync;
  reconciler?: Reconciler;
  /** Employees ↔ CRM users; present with the Ringostat API and Dataverse both configured. */
  staff?: StaffDirectory;
  /** `GET /ringostat`, `POST /ringostat/reconcile` and the staff routes, under /admin. */
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
  /** The intake's call-id guard: reconciliation never imports a call the webhooks delivered under another id. */
  callIdGuard?: CallIdGuard;
}

export function createRingostatSide(deps: RingostatSideDeps): RingostatSide {
  const { config } = deps;
  const key = config.ringostatAuthKey;
  if (!key || !config.ringostatProjectId) {
    const reason =
      'RINGOSTAT_AUTH_KEY and RINGOSTAT_PROJECT_ID are not both set: no contact-book sync, no reconciliation';
    return {
      enabled: false,
      adminRoutes: bothRoutes(
        adminRoutes(() => ({ enabled: false, reason })),
        staffRoutes({ disabledReason: reason }),
      ),
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
    ...(deps.callIdGuard ? { guard: deps.callIdGuard } : {}),
    onError: (error) => deps.log.warn({ err: error.message }, 'Ringostat reconciliation failed'),
  });
  const store = config.dataverse
    ? createSqliteContactBookStore({ file: join(config.dataDir, CONTACT_BOOK_FILE) })
    : undefined;
  const staffStore = config.dataverse
    ? createSqliteStaffStore({ file: join(config.dataDir, STAFF_DIRECTORY_FILE) })
    : undefined;
  const staff =
    staffStore && config.dataverse
      ? createStaffDirectory({
          staff: api,
          users: createWebApiCrmUsers(
            createWebApiClient({
              url: config.dataverse.url,
              getToken: createTokenProvider(config.dataverse),
              limiter: requestLimiterFor(config.dataverse),
            }),
          ),
          store: staffStore,
          clock: deps.clock,
          registry: deps.registry,
          onError: (error) =>
            deps.log.warn({ err: error.message }, 'Ringostat staff directory refresh failed'),
        })
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
  staff?.start();
  return {
    enabled: true,
    reconciler,
    ...(contactBook ? { contactBook } : {}),
    ...(staff ? { staff } : {}),
    adminRoutes: bothRoutes(
      adminRoutes(
        () => ({
          enabled: true,
          reconciliation: reconciler.status(),
          contactBook: contactBook?.status() ?? null,
          staffDirectory: staff ? summary(staff) : null,
        }),
        reconciler,
      ),
      staffRoutes({
        ...(staff ? { directory: staff } : {}),
        disabledReason: 'the staff directory needs Dataverse (DATAVERSE_URL) as well as the Ringostat API',
      }),
    ),
    async close() {
      await reconciler.stop();
      await staff?.stop();
      store?.close();
      staffStore?.close();
    },
  };
}

/** The directory's state without the list of employees (GET /admin/ringostat/staff has that). */
function summary(staff: StaffDirectory) {
  const { staff: _list, ...rest } = staff.status();
  return rest;
}

/** Both route sets, inside the one admin scope. */
function bothRoutes(ringostat: AdminRoutes, staff: AdminRoutes): AdminRoutes {
  return async (admin) => {
    await ringostat(admin);
    await staff(admin);
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
