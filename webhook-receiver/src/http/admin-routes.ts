import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock';
import {
  INBOX_STATUSES,
  type Inbox,
  type InboxEntry,
  type InboxStatus,
  type RejectedEntry,
} from '../inbox/inbox';
import { verifyToken } from './verify-token';

/**
 * The admin API (DESIGN.md §6): `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
 *
 *   GET  /admin/events?status=dead|pending|processing|done&limit=50&beforeId=…   newest first
 *   GET  /admin/events/:id                                                        one event, payload and raw request
 *   POST /admin/events/:id/retry                                                  dead → pending (attempts reset)
 *   GET  /admin/rejected?limit=50&beforeId=…                                      requests answered 400/413
 *   GET  /admin/ambiguous-numbers?limit=50                                        numbers several contacts share
 *
 * Errors are JSON `{error, message}`: 401 no or wrong token, 503 when ADMIN_TOKEN is not configured,
 * 400 bad query, 404 no such event, 409 retry of an event that is not dead.
 */
export interface AdminRoutesOptions {
  inbox: Inbox;
  adminToken: string | undefined;
  clock: Clock;
  /** Called after a retry put an event back in the queue (wake the worker). */
  onRequeue?: (id: number) => void;
  /** Numbers shared by several contacts (the phone directory's `ambiguous`); absent when it is off. */
  ambiguousNumbers?: (limit: number) => unknown[];
  /** More admin routes, relative to /admin, behind the same token check (e.g. forwarding-admin-routes.ts). */
  routes?: Array<(admin: FastifyInstance) => void>;
}

const MAX_LIMIT = 500;

export function createAdminRoutes(options: AdminRoutesOptions): FastifyPluginAsync {
  const { inbox, adminToken, clock } = options;
  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/admin/') && request.url !== '/admin') return;
      if (!adminToken) {
        return fail(
          reply,
          503,
          'admin_api_disabled',
          'The admin API is off: set ADMIN_TOKEN and restart the receiver',
        );
      }
      const header = request.headers.authorization ?? '';
      const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
      if (!verifyToken(given, [adminToken])) {
        reply.header('www-authenticate', 'Bearer realm="ringostat-receiver-admin"');
        return fail(reply, 401, 'unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>');
      }
      return undefined;
    });

    for (const routes of options.routes ?? [])
      await app.register(async (admin) => routes(admin), { prefix: '/admin' });

    app.get('/admin/events', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const status = query.status;
      if (status !== undefined && !(INBOX_STATUSES as readonly string[]).includes(status)) {
        return fail(reply, 400, 'bad_request', `status must be one of ${INBOX_STATUSES.join(', ')}`);
      }
      const page = paging(query, reply);
      if (!page) return reply;
      const events = inbox.list({ ...(status ? { status: status as InboxStatus } : {}), ...page });
      return { events: events.map(summary), nextBeforeId: nextBefore(events, page.limit) };
    });

    app.get('/admin/events/:id', async (request, reply) => {
      const entry = entryOf(request, reply);
      return entry ? { ...summary(entry), payload: entry.payload, raw: entry.raw } : reply;
    });

    app.post('/admin/events/:id/retry', async (request, reply) => {
      const entry = entryOf(request, reply);
      if (!entry) return reply;
      if (!inbox.requeue(entry.id, clock.now())) {
        return fail(
          reply,
          409,
          'not_dead',
          `Event ${entry.id} is ${entry.status}; only dead events can be retried`,
        );
      }
      options.onRequeue?.(entry.id);
      return { id: entry.id, status: 'pending' };
    });

    app.get('/admin/ambiguous-numbers', async (request, reply) => {
      const page = paging(request.query as Record<string, string | undefined>, reply);
      if (!page) return reply;
      if (!options.ambiguousNumbers)
        return fail(
          reply,
          503,
          'directory_off',
          'The phone directory is not running (contacts are looked up by query), so shared numbers are not listed',
        );
      return { numbers: options.ambiguousNumbers(page.limit) };
    });

    app.get('/admin/rejected', async (request, reply) => {
      const page = paging(request.query as Record<string, string | undefined>, reply);
      if (!page) return reply;
      const rejected = inbox.listRejected(page);
      return { rejected: rejected.map(rejectedSummary), nextBeforeId: nextBefore(rejected, page.limit) };
    });

    function entryOf(request: FastifyRequest, reply: FastifyReply): InboxEntry | undefined {
      const text = (request.params as { id: string }).id;
      const id = Number(text);
      if (!Number.isSafeInteger(id) || id <= 0) {
        void fail(reply, 400, 'bad_request', `"${text}" is not an event id`);
        return undefined;
      }
      const entry = inbox.get(id);
      if (!entry)
        void fail(
          reply,
          404,
          'not_found',
          `No event ${id} in the inbox (done events are purged after the retention period)`,
        );
      return entry;
    }
  };
}

function paging(
  query: Record<string, string | undefined>,
  reply: FastifyReply,
): { limit: number; beforeId?: number } | undefined {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  const beforeId = query.beforeId === undefined ? undefined : Number(query.beforeId);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    void fail(reply, 400, 'bad_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    return undefined;
  }
  if (beforeId !== undefined && (!Number.isInteger(beforeId) || beforeId < 1)) {
    void fail(reply, 400, 'bad_request', 'beforeId must be a positive whole number');
    return undefined;
  }
  return beforeId === undefined ? { limit } : { limit, beforeId };
}

function nextBefore(items: ReadonlyArray<{ id: number }>, limit: number): number | null {
  return items.length === limit ? (items.at(-1)?.id ?? null) : null;
}

function summary(entry: InboxEntry) {
  return {
    id: entry.id,
    event: entry.event,
    callId: entry.callId,
    status: entry.status,
    attempts: entry.attempts,
    receivedAt: entry.receivedAt.toISOString(),
    runAt: entry.runAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    lastError: entry.lastError ?? null,
    outcome: entry.outcome ?? null,
  };
}

function rejectedSummary(entry: RejectedEntry) {
  return { ...entry, receivedAt: entry.receivedAt.toISOString() };
}

function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}
