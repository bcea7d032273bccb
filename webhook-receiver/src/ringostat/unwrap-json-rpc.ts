/**
 * Webhooks 2.0 lets the admin pick the data format; Ringostat's own forwarding webhook documents `json-rpc`
 * next to `http` and `json` (HC 6475030, "Data submission type"), and its API speaks JSON-RPC 2.0
 * (`{"jsonrpc":"2.0","method":…,"params":{…},"id":…}`, HC 9188142). So a webhook body may be an envelope
 * whose `params` object holds the keys. This lifts them to the top level; keys from the URL (static
 * parameters, HC 6559993) stay, and a key inside `params` wins over the same key in the URL.
 *
 * An envelope whose `params` is missing or not an object (positional params) cannot carry named keys:
 * that is reported, not guessed at. Anything without `"jsonrpc"` is returned as it is. Pure.
 */

export type Unwrapped =
  { ok: true; params: Record<string, unknown>; method?: string } | { ok: false; message: string };

const ENVELOPE = new Set(['jsonrpc', 'method', 'params', 'id']);

export function unwrapJsonRpc(params: Record<string, unknown>): Unwrapped {
  if (!('jsonrpc' in params)) return { ok: true, params };
  const inner = asObject(params.params);
  if (!inner) {
    return {
      ok: false,
      message:
        'a json-rpc body needs "params" as an object of key/value pairs (named parameters), e.g. {"jsonrpc":"2.0","method":"call","params":{"uniqueid":"…"}}',
    };
  }
  const lifted: Record<string, unknown> = {};
  for (const key of Object.keys(params)) if (!ENVELOPE.has(key)) lifted[key] = params[key];
  for (const key of Object.keys(inner)) if (key !== '__proto__') lifted[key] = inner[key];
  return { ok: true, params: lifted };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}
