import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Registry } from 'prom-client';
import type { CallIdGuard } from './call-ids/call-id-guard';
import { systemClock, type Clock } from './clock';
import { publicBaseUrl, webhookUrls, type Config } from './config';
import { coerceError, ConfigError, InboxDamagedError } from './errors';
import type { AdminRoutes } from './http/admin-scope';
import { buildApp } from './http/app';
import type { Readiness } from './http/health-routes';
import { createSqliteInbox, type SqliteInbox } from './inbox/sqlite-inbox';
import type { ForwardingService } from './forwarding/create-forwarding';
import { createWriterThread, type WriterThread } from './inbox/writer-thread';
import { createLogger, type Logger } from './logger';
import { createMetricsRegistry } from './metrics';
import type { InboxEventName } from './ringostat/inbox-payload';

/**
 * Builds the real adapters (SQLite inbox, logger, metrics registry), listens, and runs retention. Other
 * parts join through `extend`: it gets the core pieces (the worker needs the inbox) and returns plugins,
 * a readiness check and a close hook. Signals and exit codes belong to server.ts.
 */

export interface ReceiverCore {
  config: Config;
  /** The inbox on the main thread: reads (admin API, /readyz, metrics) and rare admin writes. */
  inbox: SqliteInbox;
  /** The same inbox's writer thread: webhooks (accepted and rejected) and the worker's steps commit here. */
  writer: WriterThread;
  registry: Registry;
  logger: Logger;
  clock: Clock;
}

export interface ReceiverExtras {
  /** Fastify plugins with public routes, registered after the core routes (never under /admin). */
  plugins?: FastifyPluginAsync[];
  /** Admin API routes, relative to /admin, behind the admin token (http/admin-scope.ts). */
  adminRoutes?: AdminRoutes[];
  /** Drives GET /readyz together with the inbox check. */
  readiness?: () => Promise<Readiness>;
  /** Runs on close after the HTTP server stopped and before the inbox closes (stop the worker here). */
  onClose?: () => Promise<void> | void;
  /** Told after each new (not duplicate) webhook is committed: wake the worker instead of its next poll. */
  onAccepted?: () => void;
  /** Answers /ringostat/forwarding (forwarding/create-forwarding.ts); stop it in `onClose`. */
  forwarding?: ForwardingService;
  /** Refuses and flags call ids that belong to another call (./call-ids/). */
  callIdGuard?: CallIdGuard;
}

export type ExtendReceiver = (core: ReceiverCore) => ReceiverExtras | Promise<ReceiverExtras>;

export interface RunningReceiver extends ReceiverCore {
  app: FastifyInstance;
  /** Where the receiver listens, e.g. http://127.0.0.1:53211. */
  url: string;
  /** The webhook URLs with the token, based on PUBLIC_URL or the listening address. */
  webhookUrls: Record<InboxEventName, string>;
  /** Stops accepting, lets in-flight requests finish, runs `onClose`, closes the database. */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export async function startReceiver(
  config: Config,
  extend?: ExtendReceiver,
  edges: { clock?: Clock; logger?: Logger } = {},
): Promise<RunningReceiver> {
  const clock = edges.clock ?? systemClock;
  const logger = edges.logger ?? receiverLogger(config);
  const file = join(config.dataDir, 'inbox.sqlite');
  const inbox = openInbox(file);
  // Webhook and worker commits run on their own thread so an fsync never stalls the event loop.
  const writer = createWriterThread({ file });
  const registry = createMetricsRegistry({ defaultMetrics: true });
  const core: ReceiverCore = { config, inbox, writer, registry, logger, clock };

  let extras: ReceiverExtras = {};
  let app: FastifyInstance;
  try {
    extras = (await extend?.(core)) ?? {};
    const onAccepted = extras.onAccepted;
    const accept: WriterThread['accept'] = onAccepted
      ? async (input) => {
          const result = await writer.accept(input);
          if (!result.duplicate) onAccepted();
          return result;
        }
      : writer.accept;
    app = await buildApp({
      ...core,
      ...extras,
      accept,
      reject: writer.reject,
      writerHealth: () => writer.health(),
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await extras.onClose?.();
    await writer.close();
    inbox.close();
    throw coerceError(error);
  }

  const purge = () => {
    const now = clock.now().getTime();
    const cutoff = new Date(now - config.inboxRetentionDays * 24 * HOUR_MS);
    const purged = inbox.purgeDone(cutoff);
    if (purged > 0)
      logger.info({ purged, olderThan: cutoff.toISOString() }, 'inbox retention: done entries purged');
    const rejectedCutoff = new Date(now - config.rejectedRetentionDays * 24 * HOUR_MS);
    const rejected = inbox.purgeRejected(rejectedCutoff);
    if (rejected > 0)
      logger.info(
        { purged: rejected, olderThan: rejectedCutoff.toISOString() },
        'inbox retention: rejected requests purged',
      );
  };
  purge();
  const retention = setInterval(purge, HOUR_MS);
  retention.unref();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;

  return {
    ...core,
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    webhookUrls: webhookUrls(publicBaseUrl(config, port), config.webhookToken ?? ''),
    close: () =>
      (closing ??= (async () => {
        clearInterval(retention);
        await app.close();
        // The worker settles what it has in hand through the writer thread, so it stops first.
        await extras.onClose?.();
        await writer.close();
        inbox.close();
      })()),
  };
}

/** The receiver's logger: LOG_LEVEL, and every secret it holds scrubbed from every line (logger.ts). */
export function receiverLogger(config: Config, destination?: DestinationStream): Logger {
  return createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: secretsOf(config),
    ...(destination ? { destination } : {}),
  });
}

function secretsOf(config: Config): string[] {
  return [
    config.webhookToken,
    config.webhookTokenPrevious,
    config.adminToken,
    config.dataverse?.clientSecret,
    config.dataverse?.staticToken,
    config.ringostatAuthKey,
  ].filter((secret): secret is string => secret !== undefined && secret !== '');
}

/**
 * An inbox that cannot be opened is an operator problem (DATA_DIR missing, read-only, on a full disk);
 * a damaged one says so in its own words (InboxDamagedError).
 */
function openInbox(file: string): SqliteInbox {
  try {
    return createSqliteInbox({ file });
  } catch (thrown) {
    if (thrown instanceof InboxDamagedError) throw thrown;
    throw new ConfigError([
      `the inbox ${file} cannot be opened (${coerceError(thrown).message}); check that DATA_DIR exists, ` +
        'is writable by this user and has free space',
    ]);
  }
}
