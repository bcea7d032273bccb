import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import { coerceError } from '../errors';
import type { Inbox } from '../inbox/inbox';
import type { WriterHealth } from '../inbox/writer-thread';
import type { AdminRoutes } from './admin-scope';

/**
 * GET /healthz (liveness), GET /readyz (readiness), GET /metrics (Prometheus), and the readiness details
 * for admins at GET /admin/readiness. /healthz alone allows any origin: the CRM's settings page calls it
 * from the browser to show whether the receiver is reachable, and it reveals nothing.
 *
 * /readyz answers anyone, so it says only whether each part is ready, in words the code chooses: no org
 * URL, no error text (docs/adr/0083-readiness-tells-the-truth.md). The same checks with their details
 * are behind the admin token.
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
  /** The inbox writer thread's last commit: a failed one (disk full, I/O error) makes the receiver not ready. */
  writerHealth?: () => WriterHealth;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '600',
};

/** A status a caller may see: a short lower-case word or two, as the code writes them. */
const STATUS_WORD = /^[a-z][a-z -]{0,23}$/;

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  app.get('/healthz', async (_request, reply) =>
    reply.headers(CORS).send({ status: 'ok', mode: options.demo ? 'demo' : 'live' }),
  );
  app.options('/healthz', async (_request, reply) => reply.code(204).headers(CORS).send());

  app.get('/readyz', async (_request, reply) => {
    const report = await readinessReport(options);
    return reply.code(report.ready ? 200 : 503).send(publicView(report));
  });

  app.get('/metrics', async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
};

/** GET /admin/readiness: every check with its details (org URL, key mode, the last error). */
export function readinessAdminRoutes(options: HealthRoutesOptions): AdminRoutes {
  return (admin) => {
    admin.get('/readiness', async (_request, reply) => {
      const report = await readinessReport(options);
      return reply.code(report.ready ? 200 : 503).send(report);
    });
  };
}

export async function readinessReport(options: HealthRoutesOptions): Promise<Readiness> {
  const inbox = inboxCheck(options);
  const extra = await externalReadiness(options.readiness);
  return { ready: inbox.ok && extra.ready, checks: { inbox: inbox.detail, ...extra.checks } };
}

/** `{ready, checks: {inbox: "open", dataverse: "unreachable", …}}`: statuses only. */
export function publicView(report: Readiness): { ready: boolean; checks: Record<string, string> } {
  const checks: Record<string, string> = {};
  for (const [name, check] of Object.entries(report.checks)) {
    const status =
      typeof check === 'object' && check !== null ? (check as { status?: unknown }).status : check;
    if (typeof status === 'string' && STATUS_WORD.test(status)) checks[name] = status;
  }
  return { ready: report.ready, checks };
}

/** A readiness check that throws means "not ready", with its message, rather than a 500. */
async function externalReadiness(check: (() => Promise<Readiness>) | undefined): Promise<Readiness> {
  if (!check) return { ready: true, checks: {} };
  try {
    return await check();
  } catch (thrown) {
    return { ready: false, checks: { readiness: { status: 'failed', error: coerceError(thrown).message } } };
  }
}

function inboxCheck(options: HealthRoutesOptions): { ok: boolean; detail: unknown } {
  const writer = options.writerHealth?.();
  if (writer && !writer.ok) {
    return {
      ok: false,
      detail: { status: 'write failed', error: writer.error, since: writer.since.toISOString() },
    };
  }
  try {
    const stats = options.inbox.stats(options.clock.now());
    return { ok: true, detail: { status: 'open', pending: stats.pending, dead: stats.dead } };
  } catch (thrown) {
    return { ok: false, detail: { status: 'unavailable', error: coerceError(thrown).message } };
  }
}
