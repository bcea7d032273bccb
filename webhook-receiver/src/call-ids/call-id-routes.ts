import type { FastifyPluginAsync } from 'fastify';
import { adminTokenHook } from '../ringostat-api/admin-auth';
import type { CallIdGuard } from './call-id-guard';

/**
 * `GET /admin/ringostat/call-ids` (Bearer ADMIN_TOKEN): what the call-id guard caught — counts by
 * pattern since the start and the latest flags with the advice — so an admin who sees refused webhooks
 * or `ringostat_call_id_guard_total` rising knows which Webhooks 2.0 key to fix.
 */
export function callIdRoutes(guard: CallIdGuard, adminToken: string | undefined): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', adminTokenHook(adminToken));
    app.get('/admin/ringostat/call-ids', async () => {
      const counts = guard.counts();
      const flagged = Object.values(counts).some((n) => n > 0);
      return {
        status: flagged ? 'wrong-id-suspected' : 'ok',
        counts,
        recent: guard.recent(),
        help: 'docs/webhook-parameters.md, "Which list item goes behind uniqueid"',
      };
    });
  };
}
