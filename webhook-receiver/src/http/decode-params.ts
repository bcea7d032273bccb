import { exceedsDepth, MAX_JSON_DEPTH } from '../ringostat/intake-bounds';

/**
 * Query string + body → one parameter record. Ringostat sends parameters in the URL, a form body or a
 * JSON body (the admin's choice, notes/ringostat.md §1.2). The body wins over the query for the same key;
 * `token` is a credential and is taken only from the query (and never kept from either).
 */

export type DecodeResult = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

export const SUPPORTED_TYPES = [
  'application/json',
  'application/json-rpc',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/**
 * Synchronous for everything but multipart (which Node parses asynchronously), so the common JSON and
 * form webhooks cost no extra promise. `bodyText` is the body as UTF-8 when the caller already has it.
 */
export function decodeParams(
  query: string,
  contentType: string | undefined,
  body: Buffer | undefined,
  bodyText?: string,
): DecodeResult | Promise<DecodeResult> {
  const params: Record<string, unknown> = fromSearch(query);
  if (!body || body.length === 0) return withoutToken(params);
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'multipart/form-data') {
    return decodeMultipart(contentType ?? '', body).then((decoded) => merge(params, decoded));
  }
  return merge(params, decodeBody(mediaType, bodyText ?? body.toString('utf8')));
}

function merge(params: Record<string, unknown>, decoded: DecodeResult): DecodeResult {
  if (!decoded.ok) return decoded;
  for (const key of Object.keys(decoded.params)) setParam(params, key, decoded.params[key]);
  return withoutToken(params);
}

function withoutToken(params: Record<string, unknown>): DecodeResult {
  delete params.token;
  return { ok: true, params };
}

function decodeBody(mediaType: string, text: string): DecodeResult {
  // application/json-rpc: what a JSON-RPC sender may label its body (webhook-parameters.md, json-rpc).
  if (
    mediaType === 'application/json' ||
    mediaType.endsWith('+json') ||
    mediaType === 'application/json-rpc'
  ) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `the body is not valid JSON (${(error as Error).message})` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, reason: 'the JSON body must be an object of key/value pairs' };
    }
    // JSON.parse itself does not recurse, but whatever walks the value later would (docs/adr/0086).
    if (exceedsDepth(parsed, MAX_JSON_DEPTH)) {
      return { ok: false, reason: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels` };
    }
    // merge() copies the keys and drops `__proto__` (JSON.parse keeps it as an own key).
    return { ok: true, params: parsed as Record<string, unknown> };
  }
  if (mediaType === 'application/x-www-form-urlencoded') return { ok: true, params: fromSearch(text) };
  return {
    ok: false,
    reason: `unsupported content type "${mediaType || '(none)'}"; send ${SUPPORTED_TYPES.join(', ')} or parameters in the URL`,
  };
}

async function decodeMultipart(contentType: string, body: Buffer): Promise<DecodeResult> {
  try {
    // Node's fetch implementation parses multipart bodies; only text fields are kept.
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData();
    const params: Record<string, unknown> = {};
    form.forEach((value, key) => {
      if (typeof value === 'string') params[key] = value;
    });
    return { ok: true, params };
  } catch {
    return { ok: false, reason: 'the multipart/form-data body could not be parsed' };
  }
}

/** Last value wins for repeated keys; `+` is a space, as in HTML forms. */
function fromSearch(search: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (search === '') return params;
  for (const [key, value] of new URLSearchParams(search)) setParam(params, key, value);
  return params;
}

/** `__proto__` as a key would replace the record's prototype instead of adding a parameter; it is dropped. */
function setParam(params: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') params[key] = value;
}
