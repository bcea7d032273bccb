import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulatorServer } from '../../../emulators/dataverse/src';
import {
  ContactFeedError,
  FEED_FAILURES,
  type FeedPage,
} from '../../../webhook-receiver/src/directory/contact-feed';
import {
  createWebApiContactFeed,
  webApiRoot,
} from '../../../webhook-receiver/src/directory/web-api-contact-feed';

type Answer = (base: string) => { status?: number; body: unknown };

/** A Web API stand-in on 127.0.0.1 that gives each request the next canned answer and records it. */
async function cannedWebApi(answers: Answer[]) {
  const seen: Array<{ url: string; prefer?: string | string[]; authorization?: string }> = [];
  let base = '';
  const server = createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      ...(req.headers.prefer ? { prefer: req.headers.prefer } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const answer = answers.shift()?.(base) ?? {
      status: 500,
      body: { error: { message: 'no more answers' } },
    };
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/data/v9.2`;
  return { base, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const getToken = async () => 'tok';

describe('Web API contact feed', () => {
  test('reads every page with change tracking and returns the delta link of the last one', async () => {
    const api = await cannedWebApi([
      (base) => ({
        body: {
          value: [
            {
              contactid: 'c1',
              statecode: 0,
              modifiedon: '2026-01-01T00:00:00Z',
              _ownerid_value: 'team-1',
              '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team',
              telephone1: '050 123 45 67',
              mobilephone: '  ',
              home2: null,
            },
          ],
          '@odata.nextLink': `${base}/contacts?$skiptoken=2`,
        },
      }),
      () => ({
        body: {
          value: [
            {
              contactid: 'c2',
              statecode: 1,
              modifiedon: '2026-02-01T00:00:00Z',
              business2: '+48 22 123 45 67',
            },
          ],
          '@odata.deltaLink': 'DELTA-1',
        },
      }),
    ]);
    const pages: FeedPage[] = [];
    try {
      const feed = createWebApiContactFeed({ url: api.base, getToken, pageSize: 1 });
      expect(await feed.fullSync((page) => void pages.push(page))).toEqual({ deltaLink: 'DELTA-1' });
    } finally {
      await api.close();
    }
    expect(pages).toEqual([
      {
        contacts: [
          {
            contactid: 'c1',
            statecode: 0,
            modifiedon: '2026-01-01T00:00:00Z',
            ownerid: 'team-1',
            ownerType: 'team',
            phones: ['050 123 45 67'],
          },
        ],
        deleted: [],
      },
      {
        contacts: [
          { contactid: 'c2', statecode: 1, modifiedon: '2026-02-01T00:00:00Z', phones: ['+48 22 123 45 67'] },
        ],
        deleted: [],
      },
    ]);
    expect(api.seen[0]?.url).toMatch(
      /^\/api\/data\/v9\.2\/contacts\?\$select=contactid,statecode,modifiedon,_ownerid_value,telephone1,/,
    );
    expect(api.seen[1]?.url).toBe('/api/data/v9.2/contacts?$skiptoken=2');
    for (const request of api.seen) {
      expect(request.authorization).toBe('Bearer tok');
      expect(request.prefer).toMatch(/odata\.track-changes/);
      expect(request.prefer).toMatch(/odata\.maxpagesize=1/);
    }
  });

  test('a delta read reports $deletedEntity rows as deletions', async () => {
    const api = await cannedWebApi([
      () => ({
        body: {
          value: [
            { contactid: 'c1', statecode: 0, modifiedon: '2026-03-01T00:00:00Z', mobilephone: '0671112233' },
            { '@odata.context': 'x/$metadata#contacts/$deletedEntity', id: 'c9', reason: 'deleted' },
          ],
          '@odata.deltaLink': 'DELTA-2',
        },
      }),
    ]);
    const pages: FeedPage[] = [];
    try {
      const feed = createWebApiContactFeed({ url: api.base, getToken });
      expect(await feed.delta(`${api.base}/contacts?$deltatoken=1`, (p) => void pages.push(p))).toEqual({
        deltaLink: 'DELTA-2',
      });
    } finally {
      await api.close();
    }
    expect(pages[0]?.deleted).toEqual(['c9']);
    expect(pages[0]?.contacts.map((c) => c.contactid)).toEqual(['c1']);
  });

  test('a last page without a delta link means change tracking is not on', async () => {
    const api = await cannedWebApi([() => ({ body: { value: [] } })]);
    try {
      const feed = createWebApiContactFeed({ url: api.base, getToken });
      await expect(feed.fullSync(() => undefined)).rejects.toMatchObject({
        failure: FEED_FAILURES.changeTrackingUnavailable,
      });
    } finally {
      await api.close();
    }
  });

  test('the emulator refusing a token is permanent; its throttling is transient with Retry-After', async () => {
    const server = await startEmulatorServer({
      port: 0,
      host: '127.0.0.1',
      requestWindow: { limit: 1, windowMs: 60_000 },
    });
    try {
      const noToken = createWebApiContactFeed({ url: server.url, getToken: async () => '' });
      await expect(noToken.fullSync(() => undefined)).rejects.toMatchObject({
        failure: FEED_FAILURES.permanent,
        status: 401,
      });

      const feed = createWebApiContactFeed({ url: server.url, getToken });
      await feed.fullSync(() => undefined).catch(() => undefined);
      const throttled = await feed
        .fullSync(() => undefined)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(throttled).toBeInstanceOf(ContactFeedError);
      expect(throttled).toMatchObject({ failure: FEED_FAILURES.transient, status: 429 });
      expect((throttled as ContactFeedError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  test('an untracked contact table in a Ukrainian org is told by its metadata, not by the message', async () => {
    const server = await startEmulatorServer({
      untrackedTables: ['contact'],
      language: 1058,
      recordBodies: true,
    });
    try {
      const feed = createWebApiContactFeed({ url: server.url, getToken });
      const failure = await feed.fullSync(() => undefined).catch((e: unknown) => e);
      expect(failure).toMatchObject({ failure: FEED_FAILURES.changeTrackingUnavailable, status: 400 });
      expect(
        server.emulator
          .requests()
          .map((r) => decodeURIComponent(new URL(r.url).pathname + new URL(r.url).search)),
      ).toEqual([
        expect.stringMatching(/^\/api\/data\/v9\.2\/contacts\?\$select=/),
        "/api/data/v9.2/EntityDefinitions(LogicalName='contact')?$select=ChangeTrackingEnabled",
      ]);
      await expect(feed.changeTrackingEnabled?.()).resolves.toBe(false);
    } finally {
      await server.close();
    }
  });

  test('an unreachable Dataverse is a transient failure', async () => {
    const api = await cannedWebApi([]);
    await api.close();
    const feed = createWebApiContactFeed({ url: api.base, getToken });
    await expect(feed.fullSync(() => undefined)).rejects.toMatchObject({ failure: FEED_FAILURES.transient });
  });

  test('the organisation URL and the Web API root both work as the URL', () => {
    expect(webApiRoot('https://org.crm4.dynamics.com/')).toBe('https://org.crm4.dynamics.com/api/data/v9.2');
    expect(webApiRoot('https://org.crm4.dynamics.com/api/data/v9.1')).toBe(
      'https://org.crm4.dynamics.com/api/data/v9.1',
    );
  });
});
