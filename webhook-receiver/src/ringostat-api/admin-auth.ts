import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken } from '../http/verify-token';

/**
 * The onRequest hook of the `/admin/ringostat…` route sets: `Authorization: Bearer <ADMIN_TOKEN>`,
 * compared in constant time; 401 otherwise. Added inside each route set's own plugin, so it guards
 * exactly the routes declared there (access by route, not by URL text). A CORS preflight (OPTIONS)
 * carries no credentials by definition, so it passes when `allowPreflight` says the set answers one.
 */
export function adminTokenHook(
  adminToken: string | undefined,
  options: { allowPreflight?: boolean; headers?: Record<string, string> } = {},
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (options.allowPreflight && request.method === 'OPTIONS') return;
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (verifyToken(token, [adminToken])) return;
    await reply
      .code(401)
      .headers(options.headers ?? {})
      .send({ error: 'unauthorized', message: 'send Authorization: Bearer <ADMIN_TOKEN>' });
  };
}
