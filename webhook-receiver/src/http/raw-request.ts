import type { IncomingHttpHeaders } from 'node:http';
import type { RawRequest } from '../inbox/inbox';
import { decodedKey } from '../logger';
import { withoutTokenInBody } from './body-without-token';

/**
 * What the inbox keeps of a request: method, URL without the token, headers without credentials, and the
 * body as received minus any `token` parameter. An admin can replay or debug from it; nobody can lift a
 * secret from it (docs/adr/0085-the-token-is-never-stored.md):
 *
 * - a `token` key goes, in the query and in form, JSON and multipart bodies, whatever its spelling
 *   (`tok%65n`, `"tok\u0065n"`);
 * - the receiver's own secrets go wherever they appear, as written or percent-encoded (`scrub`).
 */

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|auth-key)$|token|secret/i;

export function toRawRequest(
  request: {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
  },
  scrub: (text: string) => string = (text) => text,
): RawRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || SECRET_HEADER.test(name)) continue;
    headers[name.toLowerCase()] = scrub(Array.isArray(value) ? value.join(', ') : value);
  }
  const body = withoutTokenInBody(request.headers['content-type'], request.body, scrub);
  return { method: request.method, url: scrub(withoutToken(request.url)), headers, body: scrub(body) };
}

/** Drops every `token` parameter and keeps the rest of the query byte for byte. */
export function withoutToken(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = withoutTokenPairs(url.slice(q + 1));
  return kept ? `${url.slice(0, q)}?${kept}` : url.slice(0, q);
}

/** `a=1&token=x&tok%65n=y` → `a=1`: the pairs of a query or a form body, `token` ones removed. */
export function withoutTokenPairs(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '' && decodedKey(pair.split('=')[0] ?? '') !== 'token')
    .join('&');
}
