/**
 * JSON-RPC 2.0 request envelope (https://www.jsonrpc.org/specification §4): `{"jsonrpc":"2.0","method":…,
 * "params":{…},"id":…}`. Ringostat's webhook forwarding number offers `json-rpc` as a data submission
 * type with a configurable "JSON-RPC method" (help article 6475030); the call parameters are expected in
 * `params`. One small pure function, so every endpoint that accepts json-rpc bodies can share it.
 */
export type JsonRpcId = string | number | null;

export interface JsonRpcEnvelope {
  id: JsonRpcId;
  method?: string;
  params: Record<string, unknown>;
  /** What did not follow the specification (the request is still read leniently). */
  problems: string[];
}

/** Undefined when the object is not a JSON-RPC request at all (no `jsonrpc`, and not method + params). */
export function unwrapJsonRpc(body: Record<string, unknown>): JsonRpcEnvelope | undefined {
  const looksLikeRpc = 'jsonrpc' in body || (typeof body.method === 'string' && 'params' in body);
  if (!looksLikeRpc) return undefined;
  const problems: string[] = [];
  if (body.jsonrpc !== '2.0') problems.push('jsonrpc is not "2.0"');
  const rawId = body.id;
  const id: JsonRpcId = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (rawId === undefined) problems.push('no id (a notification)');
  const params = body.params;
  let named: Record<string, unknown> = {};
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    named = params as Record<string, unknown>;
  } else {
    problems.push(Array.isArray(params) ? 'params is an array, not named parameters' : 'no params object');
  }
  return {
    id: typeof id === 'string' ? id.slice(0, 100) : id,
    ...(typeof body.method === 'string' ? { method: body.method.slice(0, 100) } : {}),
    params: named,
    problems,
  };
}
