import { decodedKey } from '../logger';
import { exceedsDepth, MAX_JSON_DEPTH } from '../ringostat/intake-bounds';

/**
 * A stored body loses its `token` parameters (docs/adr/0085-the-token-is-never-stored.md). The token is
 * read only from the query (docs/adr/0003), but an admin may add it to the body too, or Ringostat may
 * copy the URL's parameters into it: it must not be kept either way.
 *
 * Most bodies carry no such key, so each form is checked cheaply first and rewritten only when needed:
 * a form body loses the pairs; a JSON body is written again without the keys (at any depth, also spelled
 * with `\u` escapes); a multipart body loses the parts. `scrub` blanks the receiver's own secrets in
 * values that stay.
 */
export function withoutTokenInBody(
  contentType: string | undefined,
  body: string,
  scrub: (text: string) => string,
): string {
  if (body === '') return body;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-www-form-urlencoded') return formWithout(body, scrub);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return jsonWithout(body, scrub);
  if (mediaType === 'multipart/form-data') return body.replace(MULTIPART_TOKEN_PART, '');
  return body;
}

function formWithout(body: string, scrub: (text: string) => string): string {
  if (!/token|%/i.test(body)) return body;
  return body
    .split('&')
    .filter((pair) => decodedKey(pair.split('=')[0] ?? '') !== 'token')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !pair.includes('%')) return pair;
      // A value spelled with percent escapes is compared decoded, so an encoded secret goes too.
      const value = decodedKey(pair.slice(eq + 1));
      return scrub(value) === value ? pair : `${pair.slice(0, eq)}=[redacted]`;
    })
    .join('&');
}

function jsonWithout(body: string, scrub: (text: string) => string): string {
  if (!/tok|\\u/i.test(body)) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body; // stored as received; `scrub` still blanks a secret in it
  }
  // Too deep to walk safely: it is rejected anyway, and kept without its values.
  if (exceedsDepth(parsed, MAX_JSON_DEPTH)) return '[a JSON body nested too deep to keep]';
  let changed = false;
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (typeof value === 'string') {
      const scrubbed = scrub(value);
      changed ||= scrubbed !== value;
      return scrubbed;
    }
    if (typeof value !== 'object' || value === null) return value;
    const kept: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'token') changed = true;
      else kept[key] = clean(inner);
    }
    return kept;
  };
  const cleaned = clean(parsed);
  return changed ? JSON.stringify(cleaned) : body;
}

/**
 * One multipart part whose field name is `token` (RFC 7578 §4.2): its boundary line with the line break
 * before it, its headers and its value, up to the line break of the next boundary.
 */
const MULTIPART_TOKEN_PART =
  /(?:^|\r?\n)--[^\r\n]+\r?\nContent-Disposition:\s*form-data;\s*name="tok(?:e|%65)n"[^\r\n]*\r?\n[\s\S]*?(?=\r?\n--)/gi;
