import type { DynamicsWebApi } from 'dynamics-web-api';
import type { WebApiClient } from '../../../webhook-receiver/src/dataverse/web-api-client';
import { createWebApiUserDirectory } from '../../../webhook-receiver/src/dataverse/web-api-user-directory';
import { ManualClock } from '../worker/memory-inbox';

/** In-memory caches fed by webhook values are bounded (docs/security.md, "What grows and for how long"). */
function countingClient(): WebApiClient & { queries: number } {
  const api = {
    retrieveMultiple: async () => {
      client.queries += 1;
      return { value: [] };
    },
  } as unknown as DynamicsWebApi;
  const client = {
    url: 'https://org.example',
    queries: 0,
    run: <T>(_: string, work: (a: DynamicsWebApi) => Promise<T>) => work(api),
  };
  return client;
}

describe('the user directory cache', () => {
  test('keeps at most maxEntries employees, forgetting the longest-unused first', async () => {
    const client = countingClient();
    const users = createWebApiUserDirectory({ client, clock: new ManualClock(), maxEntries: 2 });
    await users.findUser({ number: '1' });
    await users.findUser({ number: '2' });
    await users.findUser({ number: '1' }); // used again: now 2 is the longest-unused
    expect(client.queries).toBe(2);
    await users.findUser({ number: '3' }); // 2 is forgotten
    await users.findUser({ number: '1' });
    expect(client.queries).toBe(3);
    await users.findUser({ number: '2' });
    expect(client.queries).toBe(4);
  });

  test('a flood of made-up employee numbers does not grow it past the bound', async () => {
    const client = countingClient();
    const users = createWebApiUserDirectory({ client, clock: new ManualClock(), maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) await users.findUser({ number: `fake-${i}` });
    const before = client.queries;
    for (let i = 900; i < 1_000; i++) await users.findUser({ number: `fake-${i}` });
    expect(client.queries).toBe(before); // the last hundred are all still cached
    await users.findUser({ number: 'fake-0' });
    expect(client.queries).toBe(before + 1); // the first was forgotten
  });
});
