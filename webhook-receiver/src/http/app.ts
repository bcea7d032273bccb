import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import { DEFAULT_HTTP_LIMITS, type Config } from '../config';
import { coerceError, HttpError } from '../errors';
import { createGroupCommit, type AcceptEvent, type RejectEvent } from '../inbox/group-commit';
import type { Inbox } from '../inbox/inbox';
import type { WriterHealth } from '../inbox/writer-thread';
import { redactUrl, secretScrubber, type Logger } from '../logger';
import { createHttpMetrics, createIntakeMetrics, routeLabel } from '../metrics';
import { adminScope, guardAdminPrefix, type AdminRoutes } from './admin-scope';
import { healthRoutes, readinessAdminRoutes, type Readiness } from './health-routes';
import { httpServerOptions } from './http-server-options';
import type { ForwardingService } from '../forwarding/create-forwarding';
import { forwardingRoutes } from './forwarding-routes';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import { callAiRoute } from './call-ai-route';
import { webhookRoutes } from './webhook-routes';

/**
 * Builds the receiver's HTTP application (fastify/demo style: this file assembles, server.ts owns the
 * process). Other parts plug in through `plugins` — registered after the core routes —, `adminRoutes`
 * (inside the one admin scope, behind the admin token) and `readiness`.
 */

export interface AppDeps {
  config: Pick<
    Config,
    'webhookToken' | 'webhookTokenPrevious' | 'bodyLimitBytes' | 'timeZone' | 'demo' | 'adminToken'
  > &
    Partial<Pick<Config, 'http'>>;
  inbox: Inbox & { acceptMany?: (inputs: Parameters<Inbox['accept']>[0][]) => ReturnType<Inbox['accept']>[] };
  clock: Clock;
  logger: Logger;
  registry: Registry;
  /** How accepted events are committed; default: a group commit on this thread (see start-receiver.ts). */
  accept?: AcceptEvent;
  /** How rejected requests are stored; default: `inbox.reject` on this thread (see start-receiver.ts). */
  reject?: RejectEvent;
  /** Plugins with public routes (their own auth, like the webhook token). A route under /admin here stops the start. */
  plugins?: FastifyPluginAsync[];
  /** Admin routes, relative to /admin; the admin scope checks the bearer token before each (admin-scope.ts). */
  adminRoutes?: AdminRoutes[];
  readiness?: () => Promise<Readiness>;
  /** The inbox writer thread's state; a failed commit turns /readyz red (start-receiver.ts). */
  writerHealth?: () => WriterHealth;
  /** Answers /ringostat/forwarding; without it every forwarding answer is "no redirect". */
  forwarding?: ForwardingService;
  /** Refuses and flags call ids that belong to another call (../call-ids/). */
  callIdGuard?: CallIdGuard;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits = deps.config.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's request log would print the URL, and the URL carries the webhook token.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    ...httpServerOptions(limits),
  });
  app.server.maxConnections = limits.maxConnections;
  guardAdminPrefix(app);
  const metrics = createIntakeMetrics(deps.registry, deps);
  // A token copied under another name (`access_token=…`) is still a token: logged URLs and stored
  // requests lose it too.
  const scrub = secretScrubber(
    [deps.config.webhookToken, deps.config.webhookTokenPrevious, deps.config.adminToken].filter(
      (s): s is string => s !== undefined,
    ),
  );
  const loggedUrl = (url: string) => scrub(redactUrl(url));
  const httpMetrics = createHttpMetrics(deps.registry);
  const inbox = deps.inbox;
  const accept: AcceptEvent =
    deps.accept ??
    (inbox.acceptMany
      ? createGroupCommit({ acceptMany: inbox.acceptMany.bind(inbox) })
      : async (input) => inbox.accept(input));
  const reject: RejectEvent = deps.reject ?? (async (input) => inbox.reject(input));

  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    httpMetrics.observe(routeLabel(request.routeOptions.url, status), status, reply.elapsedTime / 1000);
    done();
  });

  // Only at debug level: building the line (and redacting the URL) costs time on every request.
  if (deps.logger.isLevelEnabled('debug')) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        {
          method: request.method,
          url: loggedUrl(request.url),
          status: reply.statusCode,
          ms: reply.elapsedTime,
        },
        'request',
      );
    });
  }

  app.setErrorHandler(async (thrown, request, reply) => {
    const error = coerceError(thrown) as Error & { statusCode?: number };
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, url: loggedUrl(request.url) }, 'request failed');
      return reply
        .code(500)
        .send({ error: 'internal_error', message: 'The receiver failed; the error is logged' });
    }
    const code = error instanceof HttpError ? error.code : 'bad_request';
    return reply.code(status).send({ error: code, message: error.message });
  });

  // The answer does not echo the path: what the caller sent is theirs to know, and it may be anything.
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      message: `No ${request.method} route here; the webhook URLs are /ringostat/before-call, /ringostat/after-call, /ringostat/after-outgoing-call and /ringostat/call-ai`,
    }),
  );

  const intake = {
    config: deps.config,
    accept,
    reject,
    clock: deps.clock,
    metrics,
    scrub,
    ...(deps.callIdGuard ? { guard: deps.callIdGuard } : {}),
  };
  await app.register(webhookRoutes, intake);
  await app.register(callAiRoute, intake);
  const health = {
    inbox,
    clock: deps.clock,
    registry: deps.registry,
    demo: deps.config.demo,
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    ...(deps.writerHealth ? { writerHealth: deps.writerHealth } : {}),
  };
  await app.register(forwardingRoutes, {
    config: deps.config,
    forwarding: deps.forwarding,
    registry: deps.registry,
  });
  await app.register(healthRoutes, health);
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  const routes = [readinessAdminRoutes(health), ...(deps.adminRoutes ?? [])];
  await app.register(adminScope({ adminToken: deps.config.adminToken, routes }), { prefix: '/admin' });
  return app;
}
