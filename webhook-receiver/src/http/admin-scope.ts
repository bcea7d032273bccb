import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { createTokenCheck } from './verify-token';

/**
 * The one door to the admin API (DESIGN.md §6, docs/adr/0080-admin-api-bound-to-routes.md).
 *
 * Every admin route lives in one encapsulated Fastify plugin with the prefix `/admin`; its `onRequest`
 * hook checks `Authorization: Bearer <ADMIN_TOKEN>` in constant time. Fastify runs a context's hooks only
 * for the routes the router matched in that context, so access follows the matched route and never the
 * text of the URL: `/%61dmin/events`, `GET http://x/admin/events HTTP/1.1`, `HEAD` and a trailing slash
 * all match the same route and meet the same hook, while `/ADMIN/events`, `//admin/events`,
 * `/admin/events;x` or `/x/../admin/events` match nothing and get the plain 404.
 *
 * Parts add admin routes only through `AdminRoutes` (registered inside this scope, relative to `/admin`).
 * A route under `/admin` registered anywhere else stops the receiver at start-up (`guardAdminPrefix`).
 */

/** Routes registered inside the admin scope, relative to `/admin`: `admin.get('/events', …)`. */
export type AdminRoutes = (admin: FastifyInstance) => Promise<void> | void;

/**
 * Route config for an admin route a CRM page calls from the browser (staff-routes.ts): the headers go on
 * every answer of that route, refusals included, so the page can tell a wrong token from a dead receiver;
 * and an OPTIONS route carrying it answers the CORS preflight, which by definition carries no credentials.
 * Decided by the matched route's own config, like the token check itself.
 */
export interface AdminCorsConfig {
  adminCors?: Readonly<Record<string, string>>;
}

export const ADMIN_PREFIX = '/admin';
/** Decorates the admin scope (and its children): the start-up guard recognises routes by it. */
const SCOPE_MARK = 'ringoAdminScope';

export interface AdminScopeOptions {
  adminToken: string | undefined;
  routes: readonly AdminRoutes[];
}

export function adminScope(options: AdminScopeOptions): FastifyPluginAsync {
  const accepted = createTokenCheck([options.adminToken]);
  return async (admin) => {
    admin.decorate(SCOPE_MARK, true);
    admin.addHook('onRequest', (request, reply, done) => {
      const cors = (request.routeOptions.config as AdminCorsConfig | undefined)?.adminCors;
      if (cors) {
        reply.headers(cors);
        if (request.method === 'OPTIONS') return done();
      }
      if (!options.adminToken) {
        return void fail(
          reply,
          503,
          'admin_api_disabled',
          'The admin API is off: set ADMIN_TOKEN and restart the receiver',
        );
      }
      if (accepted(bearerOf(request.headers.authorization))) return done();
      reply.header('www-authenticate', 'Bearer realm="ringostat-receiver-admin"');
      return void fail(reply, 401, 'unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>');
    });
    // Unknown paths under /admin meet the same hook first: without the token nobody learns which exist.
    admin.setNotFoundHandler(async (request, reply) =>
      fail(reply, 404, 'not_found', `No ${request.method} route of the admin API here; see docs/security.md`),
    );
    for (const routes of options.routes) await admin.register(async (child) => routes(child));
  };
}

/**
 * Start-up guard: a route whose URL starts with /admin (any case) registered outside the admin scope
 * would skip the token check, so it is refused before the receiver listens.
 */
export function guardAdminPrefix(app: FastifyInstance): void {
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    if (!route.url.toLowerCase().startsWith(ADMIN_PREFIX)) return;
    if (this.hasDecorator(SCOPE_MARK)) return;
    throw new Error(
      `Route ${route.url} is under ${ADMIN_PREFIX} but was registered outside the admin scope; ` +
        'add it through adminRoutes so the admin token protects it (http/admin-scope.ts)',
    );
  });
}

/** `Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1); anything else is no token. */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^ \t].*)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

/** 401, 503 and the admin 404 close the connection: an unauthenticated client keeps no socket open. */
function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  if (status !== 404) reply.header('connection', 'close');
  return reply.code(status).send({ error, message });
}
