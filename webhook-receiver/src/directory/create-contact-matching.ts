import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { requestLimiterFor, type RequestLimiter } from '../dataverse/request-limiter';
import { createTokenProvider } from '../dataverse/token-provider';
import { createWebApiClient } from '../dataverse/web-api-client';
import { createWebApiContactDirectory } from '../dataverse/web-api-contact-directory';
import type { ContactDirectory } from '../domain/contact-directory';
import { createContactMatcher, type ContactMatcher } from './contact-matcher';
import { createPhoneDirectory, type DirectoryLogger, type PhoneDirectory } from './phone-directory';
import { createWebApiContactFeed } from './web-api-contact-feed';

/**
 * What an entry file (server.ts, scripts/dev.ts) calls to get contact matching: the phone directory in
 * `<dataDir>/phone-directory.sqlite`, fed from the Dataverse Web API, in front of the query lookup.
 *
 *   const matching = createContactMatching({ dataDir, dataverseUrl, getToken, defaultCountry, fallback, … });
 *   await matching.start();                      // first sync; never throws, status() says how it went
 *   startProcessing({ …, contacts: matching.contacts });
 *   /readyz → matching.readiness();  createAdminRoutes({ …, ambiguousNumbers: matching.directory.ambiguous })
 */
export interface ContactMatchingOptions {
  dataDir: string;
  /** DATAVERSE_URL: the organisation URL or the Web API root. */
  dataverseUrl: string;
  getToken: () => Promise<string>;
  /** ringo_DefaultCountry (ISO 3166 alpha-2, default UA). */
  defaultCountry: string;
  /** The query-based lookup (createWebApiContactDirectory) used while the directory cannot answer. */
  fallback: ContactDirectory;
  clock: Clock;
  logger: DirectoryLogger;
  registry?: Registry;
  refreshIntervalMs?: number;
  onDemandMinIntervalMs?: number;
  /** The receiver's shared Dataverse request limiter (dataverse/request-limiter.ts). */
  limiter?: RequestLimiter;
}

export interface ContactMatching {
  /** The ContactDirectory for the worker. */
  contacts: ContactMatcher;
  directory: PhoneDirectory;
  start(): Promise<void>;
  stop(): Promise<void>;
  status: ContactMatcher['status'];
  /** For /readyz: always ready (the query lookup covers a directory that cannot answer), with the details. */
  readiness(): Promise<{ ready: boolean; checks: { contactLookup: ReturnType<ContactMatcher['status']> } }>;
}

export function createContactMatching(options: ContactMatchingOptions): ContactMatching {
  const directory = createPhoneDirectory({
    file: join(options.dataDir, 'phone-directory.sqlite'),
    feed: createWebApiContactFeed({
      url: options.dataverseUrl,
      getToken: options.getToken,
      ...(options.limiter ? { limiter: options.limiter } : {}),
    }),
    defaultCountry: options.defaultCountry,
    clock: options.clock,
    logger: options.logger,
    ...(options.registry ? { metrics: options.registry } : {}),
    ...(options.refreshIntervalMs !== undefined ? { refreshIntervalMs: options.refreshIntervalMs } : {}),
    ...(options.onDemandMinIntervalMs !== undefined
      ? { onDemandMinIntervalMs: options.onDemandMinIntervalMs }
      : {}),
  });
  const contacts = createContactMatcher({
    directory,
    fallback: options.fallback,
    logger: options.logger,
    ...(options.registry ? { metrics: options.registry } : {}),
  });
  return {
    contacts,
    directory,
    async start() {
      const status = await directory.start();
      options.logger.info({ contactLookup: status }, `contact lookup: ${status.mode}`);
    },
    stop: () => directory.stop(),
    status: () => contacts.status(),
    readiness: async () => ({ ready: true, checks: { contactLookup: contacts.status() } }),
  };
}

/**
 * The same, from the receiver's configuration: DATA_DIR, DATAVERSE_URL and its credentials, and
 * RINGO_DEFAULTCOUNTRY (default UA). Undefined without Dataverse (nothing to match against).
 */
export function createContactMatchingFromConfig(
  config: Pick<Config, 'dataDir' | 'dataverse' | 'ringoOverrides'>,
  deps: { clock: Clock; logger: DirectoryLogger; registry?: Registry },
): ContactMatching | undefined {
  const dataverse = config.dataverse;
  if (!dataverse) return undefined;
  const getToken = createTokenProvider(dataverse);
  const limiter = requestLimiterFor(dataverse);
  return createContactMatching({
    dataDir: config.dataDir,
    dataverseUrl: dataverse.url,
    getToken,
    limiter,
    defaultCountry: config.ringoOverrides.ringo_DefaultCountry ?? 'UA',
    fallback: createWebApiContactDirectory(createWebApiClient({ url: dataverse.url, getToken, limiter })),
    ...deps,
  });
}
