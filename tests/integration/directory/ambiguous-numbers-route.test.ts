import Fastify, { type FastifyInstance } from 'fastify';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createPhoneDirectory } from '../../../webhook-receiver/src/directory/phone-directory';
import { createAdminRoutes } from '../../../webhook-receiver/src/http/admin-routes';
import { adminScope, type AdminRoutes } from '../../../webhook-receiver/src/http/admin-scope';
import { createSqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { contact, fakeContactFeed, recordingLogger, tempDir } from '../../unit/directory/fakes';

/** The routes inside the real admin scope, as the receiver registers them. */
async function mount(app: FastifyInstance, routes: AdminRoutes): Promise<void> {
  await app.register(adminScope({ adminToken: 'admin-secret', routes: [routes] }), { prefix: '/admin' });
}

/** A real HTTP request to the app listening on 127.0.0.1. */
async function get(app: FastifyInstance, path: string): Promise<Response> {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return fetch(`${base}${path}`, { headers: { authorization: 'Bearer admin-secret' } });
}

describe('GET /admin/ambiguous-numbers', () => {
  test("lists each shared number with its contacts, the rule's pick first", async () => {
    const tmp = tempDir();
    const fake = fakeContactFeed();
    fake.put(
      contact('older', ['050 111 22 33'], { modifiedon: '2025-01-01T00:00:00Z' }),
      contact('newer', ['+380501112233'], { modifiedon: '2026-01-01T00:00:00Z' }),
      contact('alone', ['067 000 11 22']),
    );
    const directory = createPhoneDirectory({
      file: tmp.file(),
      feed: fake.feed,
      defaultCountry: 'UA',
      clock: systemClock,
      logger: recordingLogger(),
    });
    const inbox = createSqliteInbox({ file: tmp.file('inbox.sqlite') });
    const app = Fastify();
    await mount(app, createAdminRoutes({ inbox, clock: systemClock, ambiguousNumbers: directory.ambiguous }));
    try {
      await directory.start();
      const answer = await get(app, '/admin/ambiguous-numbers?limit=10');

      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        numbers: [
          {
            e164: '+380501112233',
            contacts: [
              expect.objectContaining({ contactid: 'newer' }),
              expect.objectContaining({ contactid: 'older' }),
            ],
          },
        ],
      });
    } finally {
      await app.close();
      await directory.stop();
      inbox.close();
      tmp.cleanup();
    }
  });

  test('answers 503 with the reason when the phone directory is off', async () => {
    const tmp = tempDir();
    const inbox = createSqliteInbox({ file: tmp.file('inbox.sqlite') });
    const app = Fastify();
    await mount(app, createAdminRoutes({ inbox, clock: systemClock }));
    try {
      const answer = await get(app, '/admin/ambiguous-numbers');
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ error: 'directory_off' });
    } finally {
      await app.close();
      inbox.close();
      tmp.cleanup();
    }
  });
});
