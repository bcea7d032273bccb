import type { DynamicsWebApi } from 'dynamics-web-api';
import type { WebApiClient } from './web-api-client';

/**
 * Runs one $batch changeset on a private dynamics-web-api instance (Microsoft Learn,
 * developer/data-platform/webapi/execute-batch-operations-using-web-api: a changeset is all or nothing).
 * The queued calls resolve at once in batch mode; they are awaited before executeBatch only to catch a
 * request the library refused to compose (which would otherwise silently drop out of the changeset).
 */
export type QueueRequests = (api: DynamicsWebApi) => Array<Promise<unknown>>;

export function runChangeset(
  client: WebApiClient,
  operation: string,
  queue: QueueRequests,
): Promise<unknown[]> {
  return client.run(operation, async (api) => {
    api.startBatch();
    const queued = await Promise.allSettled(queue(api));
    const refused = queued.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    const results = await api.executeBatch();
    const failure = results.find((r) => r instanceof Error);
    if (failure) throw failure;
    return results;
  });
}
