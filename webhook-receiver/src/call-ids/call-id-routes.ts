import type { AdminRoutes } from '../http/admin-scope';
import type { CallIdGuard } from './call-id-guard';

/**
 * `GET /admin/ringostat/call-ids`, inside the admin scope (http/admin-scope.ts, Bearer ADMIN_TOKEN): what the call-id guard caught — counts by
 * pattern since the start and the latest flags with the advice — so an admin who sees refused webhooks
 * or `ringostat_call_id_guard_total` rising knows which Webhooks 2.0 key to fix.
 */
export function callIdAdminRoutes(guard: CallIdGuard): AdminRoutes {
  return (admin) => {
    admin.get('/ringostat/call-ids', async () => {
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
