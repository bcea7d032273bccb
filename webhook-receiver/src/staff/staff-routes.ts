import type { FastifyReply } from 'fastify';
import type { AdminCorsConfig, AdminRoutes } from '../http/admin-scope';
import type { StaffDirectory } from './staff-directory';

/**
 * Admin routes of the staff directory, relative to /admin and registered inside the admin scope
 * (http/admin-scope.ts: `Authorization: Bearer <ADMIN_TOKEN>` checked before each):
 *
 *   GET  /admin/ringostat/staff           every Ringostat employee, its CRM user and how it was matched
 *   POST /admin/ringostat/staff/refresh   read Ringostat and Dataverse again now
 *
 * The CRM's settings page calls the GET from the browser with the admin token the admin types there, so
 * the GET (and its preflight) allow any origin: the answer is readable only with the token, and no
 * cookie or other ambient credential is accepted (docs/adr/0117-staff-on-the-settings-page.md). The
 * admin scope adds the CORS headers (route config `adminCors`) also to its 401, and lets the preflight by.
 */
export interface StaffRoutesOptions {
  /** Absent when RINGOSTAT_AUTH_KEY / RINGOSTAT_PROJECT_ID or Dataverse are not configured. */
  directory?: StaffDirectory;
  disabledReason: string;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'authorization',
  'access-control-max-age': '600',
};

export function staffRoutes(options: StaffRoutesOptions): AdminRoutes {
  const config: AdminCorsConfig = { adminCors: CORS };
  return (admin) => {
    admin.options('/ringostat/staff', { config }, async (_request, reply) => reply.code(204).send());
    admin.get('/ringostat/staff', { config }, async () => {
      const directory = options.directory;
      return directory
        ? { enabled: true, ...directory.status() }
        : { enabled: false, reason: options.disabledReason };
    });
    admin.post('/ringostat/staff/refresh', async (_request, reply) => {
      const directory = options.directory;
      if (!directory) return fail(reply, 409, 'disabled', options.disabledReason);
      try {
        return { counts: await directory.refresh() };
      } catch (error) {
        return fail(reply, 502, 'refresh_failed', error instanceof Error ? error.message : String(error));
      }
    });
  };
}

function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}
