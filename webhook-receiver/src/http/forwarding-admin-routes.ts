import type { FastifyInstance } from 'fastify';
import type { ForwardingService } from '../forwarding/create-forwarding';

/**
 * The admin API's forwarding routes, relative to `/admin` and registered inside the admin API's scope
 * (its bearer-token check runs first):
 *
 *   GET  /admin/forwarding           the rules in effect and where each came from, problems, the state of
 *                                    the local copy, answers by kind, the last answers (numbers masked),
 *                                    the extensions, the follow-ups, requests shaped unlike docs/adr/0130
 *   POST /admin/forwarding/refresh   re-read the settings and the CRM users from Dataverse now, then the above
 */
export function forwardingAdminRoutes(
  forwarding: Pick<ForwardingService, 'status' | 'refresh'>,
): (admin: FastifyInstance) => void {
  return (admin) => {
    admin.get('/forwarding', async () => forwarding.status());
    admin.post('/forwarding/refresh', async () => {
      await forwarding.refresh();
      return forwarding.status();
    });
  };
}
