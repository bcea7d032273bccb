import { DynamicsWebApi } from 'dynamics-web-api';
import type { GetToken } from './token-provider';
import { toDataverseError } from './dataverse-error';
import { throughLimiter, type RequestLimiter } from './request-limiter';

/**
 * The one place that builds dynamics-web-api instances (docs/adr/0030-dynamics-web-api-for-the-gateway.md).
 *
 * - A fresh instance per operation: `startBatch()` flips per-instance state, so a shared instance would
 *   pull unrelated requests into someone else's batch. Instances are cheap (config only; the keep-alive
 *   agent is shared by the library).
 * - `propagateErrors`: upsert/update/delete reject instead of resolving to false.
 * - No global maxPageSize: it would add a Prefer header to every write (notes/libraries.md §1).
 * - Every rejection becomes a DataverseError, and every call is reported to `onRequest` for metrics.
 * - With a `limiter`, each operation (one HTTP request: a single call or one $batch) waits for a slot,
 *   and a 429 that throttles the whole user pauses every request of that limiter (request-limiter.ts).
 */
export interface WebApiClientOptions {
  url: string;
  getToken: GetToken;
  /** Per-request timeout; a timed-out request is a transient failure. */
  timeoutMs?: number;
  onRequest?: (operation: string, outcome: string, seconds: number) => void;
  /** Shared by every client of one org and application user: requestLimiterFor(config). */
  limiter?: RequestLimiter;
}

export interface WebApiClient {
  readonly url: string;
  run<T>(operation: string, work: (api: DynamicsWebApi) => Promise<T>): Promise<T>;
}

export function createWebApiClient(options: WebApiClientOptions): WebApiClient {
  const config = {
    serverUrl: options.url,
    dataApi: { version: '9.2' },
    onTokenRefresh: options.getToken,
    propagateErrors: true,
    timeout: options.timeoutMs ?? 30_000,
  };
  return {
    url: options.url,
    async run(operation, work) {
      return throughLimiter(options.limiter, () => send(operation, work));
    },
  };

  async function send<T>(operation: string, work: (api: DynamicsWebApi) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work(new DynamicsWebApi(config));
      options.onRequest?.(operation, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (thrown) {
      const error = toDataverseError(thrown);
      const status = (error as { status?: number }).status;
      options.onRequest?.(
        operation,
        status === undefined ? 'error' : String(status),
        (performance.now() - started) / 1000,
      );
      throw error;
    }
  }
}
