import type { IncomingHttpHeaders } from 'node:http';
import type { RawRequest } from '../inbox/inbox';

/**
 * What the inbox keeps of a request: method, URL without the token, headers without credentials, and the
 * body exactly as received. An admin can replay or debug from it; nobody can lift a secret from it.
 */

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|auth-key)$|token|secret/i;

export function toRawRequest(request: {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}): RawRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || SECRET_HEADER.test(name)) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: request.method, url: withoutToken(request.url), headers, body: request.body };
}

/** Drops every `token` parameter and keeps the rest of the query byte for byte. */
export function withoutToken(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      const key = pair.split('=')[0] ?? '';
      let name = key;
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // keep the undecodable key as written
      }
      return pair !== '' && name !== 'token';
    });
  return kept.length > 0 ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
}
