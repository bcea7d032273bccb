import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import { coerceError } from '../errors';
import type { Inbox } from '../inbox/inbox';

/**
 * GET /healthz (liveness), GET /readyz (readiness), GET /metrics (Prometheus). /healthz alone allows any
 * origin: the CRM's settings page calls it from the browser to show whether the receiver is reachable,
 * and it reveals nothing.
 */

export interface Readiness {
  ready: boolean;
  checks: Record<string, unknown>;
}

export interface HealthRoutesOptions {
  inbox: Inbox;
  clock: Clock;
  registry: Registry;
  demo: boolean;
  readiness?: () => Promise<Readiness>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '600',
};

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  app.get('/healthz', async (_request, reply) =>
    reply.headers(CORS).send({ status: 'ok', mode: options.demo ? 'demo' : 'live' }),
  );
  app.options('/healthz', async (_request, reply) => reply.code(204).headers(CORS).send());

  app.get('/readyz', async (_request, reply) => {
    const inbox = inboxCheck(options.inbox, options.clock);
    const extra = await externalReadiness(options.readiness);
    const ready = inbox.ok && extra.ready;
    return reply.code(ready ? 200 : 503).send({ ready, checks: { inbox: inbox.detail, ...extra.checks } });
  });

  app.get('/metrics', async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
};

/** A readiness check that throws means "not ready", with its message, rather than a 500. */
async function externalReadiness(check: (() => Promise<Readiness>) | undefined): Promise<Readiness> {
  if (!check) return { ready: true, checks: {} };
  try {
    return await check();
  } catch (thrown) {
    return { ready: false, checks: { readiness: { status: 'failed', error: coerceError(thrown).message } } };
  }
}

function inboxCheck(inbox: Inbox, clock: Clock): { ok: boolean; detail: unknown } {
  try {
    const stats = inbox.stats(clock.now());
    return { ok: true, detail: { status: 'open', pending: stats.pending, dead: stats.dead } };
  } catch (thrown) {
    return { ok: false, detail: { status: 'unavailable', error: coerceError(thrown).message } };
  }
}
