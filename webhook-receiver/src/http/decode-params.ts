/**
 * Query string + body → one parameter record. Ringostat sends parameters in the URL, a form body or a
 * JSON body (the admin's choice, notes/ringostat.md §1.2). The body wins over the query for the same key;
 * `token` is a credential and is taken only from the query (and never kept from either).
 */

export type DecodeResult = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

export const SUPPORTED_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

export async function decodeParams(
  query: string,
  contentType: string | undefined,
  body: Buffer | undefined,
): Promise<DecodeResult> {
  const params: Record<string, unknown> = fromSearch(query);
  if (body && body.length > 0) {
    const decoded = await decodeBody(contentType, body);
    if (!decoded.ok) return decoded;
    for (const [key, value] of Object.entries(decoded.params)) setParam(params, key, value);
  }
  delete params.token;
  return { ok: true, params };
}

async function decodeBody(contentType: string | undefined, body: Buffer): Promise<DecodeResult> {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `the body is not valid JSON (${(error as Error).message})` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, reason: 'the JSON body must be an object of key/value pairs' };
    }
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) setParam(params, key, value);
    return { ok: true, params };
  }
  if (mediaType === 'application/x-www-form-urlencoded') return { ok: true, params: fromSearch(text) };
  if (mediaType === 'multipart/form-data') {
    try {
      // Node's fetch implementation parses multipart bodies; only text fields are kept.
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': contentType ?? '' },
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
  return {
    ok: false,
    reason: `unsupported content type "${mediaType || '(none)'}"; send ${SUPPORTED_TYPES.join(', ')} or parameters in the URL`,
  };
}

/** Last value wins for repeated keys; `+` is a space, as in HTML forms. */
function fromSearch(search: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(search)) setParam(params, key, value);
  return params;
}

/** `__proto__` as a key would replace the record's prototype instead of adding a parameter; it is dropped. */
function setParam(params: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') params[key] = value;
}
