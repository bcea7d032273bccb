import { startEmulatorServer } from '../../../emulators/dataverse/src';
import { DataverseError } from '../../../webhook-receiver/src/dataverse/dataverse-error';
import { createRequestLimiter } from '../../../webhook-receiver/src/dataverse/request-limiter';
import { createWebApiClient } from '../../../webhook-receiver/src/dataverse/web-api-client';
import { createWebApiContactFeed } from '../../../webhook-receiver/src/directory/web-api-contact-feed';

jest.setTimeout(30_000);

const whoAmI = (client: ReturnType<typeof createWebApiClient>) =>
  client.run('who-am-i', (api) => api.callFunction({ functionName: 'WhoAmI' }));

describe('the shared request limiter over HTTP (Dataverse emulator)', () => {
  test('a 429 with Retry-After holds every request of the limiter until that time, then they go through', async () => {
    const server = await startEmulatorServer({
      port: 0,
      host: '127.0.0.1',
      requestWindow: { limit: 3, windowMs: 1_000 },
    });
    try {
      // The receiver knows the window (DATAVERSE_REQUEST_BUDGET) but not yet how many requests the org allows.
      const limiter = createRequestLimiter({ maxConcurrent: 4, budget: { limit: 100, windowMs: 1_000 } });
      const client = createWebApiClient({ url: server.url, getToken: async () => 't', limiter });
      const feed = createWebApiContactFeed({ url: server.url, getToken: async () => 't', limiter });
      for (let i = 0; i < 3; i++) await whoAmI(client);

      const throttled = await whoAmI(client).then(
        () => undefined,
        (error: unknown) => error,
      );
      const throttledAt = Date.now();
      expect(throttled).toBeInstanceOf(DataverseError);
      const retryAfterMs = (throttled as DataverseError).retryAfterMs ?? 0;
      expect((throttled as DataverseError).status).toBe(429);
      expect(retryAfterMs).toBeGreaterThan(0);

      // Both wait for the pause (the web API client and the phone directory's feed share the limiter),
      // and neither is throttled again.
      const started: number[] = [];
      await Promise.all([
        client.run('who-am-i', (api) => {
          started.push(Date.now());
          return api.callFunction({ functionName: 'WhoAmI' });
        }),
        limiter.run(async () => void started.push(Date.now())),
        feed.fullSync(() => undefined),
      ]);
      for (const at of started) expect(at).toBeGreaterThanOrEqual(throttledAt + retryAfterMs - 5);
      const statuses = server.emulator.requests().map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect(limiter.budget.limit()).toBe(3);
    } finally {
      await server.close();
    }
  });

  test('requests beyond the limit wait instead of being throttled', async () => {
    const server = await startEmulatorServer({
      port: 0,
      host: '127.0.0.1',
      latencyMs: 30,
      maxConcurrency: 3,
    });
    try {
      const limiter = createRequestLimiter({ maxConcurrent: 3 });
      const client = createWebApiClient({ url: server.url, getToken: async () => 't', limiter });
      await Promise.all(Array.from({ length: 12 }, () => whoAmI(client)));
      const statuses = server.emulator.requests().map((r) => r.status);
      expect(statuses).toHaveLength(12);
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
