import type { ForwardingRequest } from './forwarding-request';

/**
 * The answer body, in the format Ringostat's "Data import type" expects (docs/adr/0130): the destination
 * "in the HTTP response body or in a specific JSON format identifier" (help article 6475030).
 *
 *   http      text/plain       company_manager1            no redirect: empty body
 *   json      application/json {"destination":"…"}         no redirect: {}
 *   json-rpc  application/json {"jsonrpc":"2.0","id":…,"result":{"destination":"…"}}   no redirect: "result":{}
 *
 * Always HTTP 200: "no redirect" is an answer, not an error, and Ringostat continues its own forwarding
 * scheme when the answer names no destination.
 */
export interface RenderedAnswer {
  contentType: string;
  body: string;
}

export function renderAnswer(
  request: Pick<ForwardingRequest, 'answer' | 'field' | 'rpcId'>,
  destination: string | undefined,
): RenderedAnswer {
  if (request.answer === 'http') {
    return { contentType: 'text/plain; charset=utf-8', body: destination ?? '' };
  }
  const result: Record<string, string> = destination === undefined ? {} : { [request.field]: destination };
  const body = request.answer === 'json' ? result : { jsonrpc: '2.0', id: request.rpcId, result };
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}
