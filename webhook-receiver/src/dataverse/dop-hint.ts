import type { GetToken } from './token-provider';
import { throughLimiter, type RequestLimiter } from './request-limiter';
import { webApiRoot } from './web-api-root';

/**
 * Dataverse's recommended degree of parallelism for this environment, from the `x-ms-dop-hint` response
 * header of a WhoAmI request — the pattern Microsoft Learn shows in developer/data-platform/
 * send-parallel-requests ("Optimum degree of parallelism"). The limiter then runs at most that many
 * requests at once. `undefined` when the header is missing or not a positive integer.
 */
export async function readDopHint(options: {
  url: string;
  getToken: GetToken;
  limiter?: RequestLimiter;
  fetch?: typeof fetch;
}): Promise<number | undefined> {
  const doFetch = options.fetch ?? fetch;
  const response = await throughLimiter(options.limiter, async () =>
    doFetch(`${webApiRoot(options.url)}/WhoAmI`, {
      headers: {
        Authorization: `Bearer ${await options.getToken()}`,
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
      },
    }),
  );
  await response.arrayBuffer();
  return dopHintOf(response.headers.get('x-ms-dop-hint'));
}

export function dopHintOf(value: string | null | undefined): number | undefined {
  const hint = Number(value ?? '');
  return Number.isInteger(hint) && hint >= 1 ? hint : undefined;
}
