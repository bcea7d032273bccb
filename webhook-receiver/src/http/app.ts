import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { Config } from '../config';
import { coerceError, HttpError } from '../errors';
import { createGroupCommit, type AcceptEvent, type RejectEvent } from '../inbox/group-commit';
import type { Inbox } from '../inbox/inbox';
import { redactUrl, type Logger } from '../logger';
import { createIntakeMetrics } from '../metrics';
import { callAiRoute } from './call-ai-route';
import { healthRoutes, type Readiness } from './health-routes';
import { webhookRoutes } from './webhook-routes';

/**
 * Builds the receiver's HTTP application (fastify/demo style: this file assembles, server.ts owns the
 * process). Other parts plug in through `plugins` — registered after the core routes — and `readiness`.
 */

export interface AppDeps {
  config: Pick<
    Config,
    'webhookToken' | 'webhookTokenPrevious' | 'bodyLimitBytes' | 'timeZone' | 'demo' | 'adminToken'
  >;
  inbox: Inbox & { acceptMany?: (inputs: Parameters<Inbox['accept']>[0][]) => ReturnType<Inbox['accept']>[] };
  clock: Clock;
  logger: Logger;
  registry: Registry;
  /** How accepted events are committed; default: a group commit on this thread (see start-receiver.ts). */
  accept?: AcceptEvent;
  /** How rejected requests are stored; default: `inbox.reject` on this thread (see start-receiver.ts). */
  reject?: RejectEvent;
  plugins?: FastifyPluginAsync[];
  readiness?: () => Promise<Readiness>;
  /** Refuses and flags call ids that belong to another call (../call-ids/). */
  callIdGuard?: CallIdGuard;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's request log would print the URL, and the URL carries the webhook token.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  const metrics = createIntakeMetrics(deps.registry, deps);
  const inbox = deps.inbox;
  const accept: AcceptEvent =
    deps.accept ??
    (inbox.acceptMany
      ? createGroupCommit({ acceptMany: inbox.acceptMany.bind(inbox) })
      : async (input) => inbox.accept(input));
  const reject: RejectEvent = deps.reject ?? (async (input) => inbox.reject(input));

  // Only at debug level: building the line (and redacting the URL) costs time on every request.
  if (deps.logger.isLevelEnabled('debug')) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        {
          method: request.method,
          url: redactUrl(request.url),
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
      request.log.error({ err: error, url: redactUrl(request.url) }, 'request failed');
      return reply
        .code(500)
        .send({ error: 'internal_error', message: 'The receiver failed; the error is logged' });
    }
    const code = error instanceof HttpError ? error.code : 'bad_request';
    return reply.code(status).send({ error: code, message: error.message });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      message: `No ${request.method} ${request.url.split('?')[0]}; the webhook URLs are /ringostat/before-call, /ringostat/after-call, /ringostat/after-outgoing-call and /ringostat/call-ai`,
    }),
  );

  const intake = {
    config: deps.config,
    accept,
    reject,
    clock: deps.clock,
    metrics,
    ...(deps.callIdGuard ? { guard: deps.callIdGuard } : {}),
  };
  await app.register(webhookRoutes, intake);
  await app.register(callAiRoute, intake);
  const health = { inbox, clock: deps.clock, registry: deps.registry, demo: deps.config.demo };
  await app.register(healthRoutes, deps.readiness ? { ...health, readiness: deps.readiness } : health);
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
