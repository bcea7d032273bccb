import type { Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';
import { OPTIONAL_COLUMNS, type OptionalKey } from './call-columns';

/** Every optional column of one call as text in the user's language; '' when the call has no value. */
export type AttributionValues = Readonly<Record<OptionalKey, string>>;

/**
 * - yes/no columns (`ringo_targetcall`, `ringo_repeatcall`) say Yes/No in the user's language: the
 *   solution's own choice labels exist in English only;
 * - `ringo_rating` is a whole number 1–100 written with the user's number format; 0 or empty is "not
 *   rated" (docs/adr/0113) and shows nothing;
 * - text and URL columns stay exactly as Ringostat sent them (the journal never rewrites data).
 */
export function attributionValues(
  call: Readonly<Record<string, unknown>>,
  t: Texts,
  format: UserFormat,
): AttributionValues {
  const values: Partial<Record<OptionalKey, string>> = {};
  for (const { key, column, kind } of OPTIONAL_COLUMNS) {
    const value = call[column];
    if (kind === 'flag') values[key] = value === true ? t.yes : value === false ? t.no : '';
    else if (kind === 'rating')
      values[key] =
        typeof value === 'number' && Number.isInteger(value) && value > 0 ? format.number(value) : '';
    else values[key] = typeof value === 'string' ? value : '';
  }
  return values as AttributionValues;
}

const UNSAFE_CHARACTERS = /[\s"'<>\\`]/;
const hasControlCharacter = (value: string): boolean =>
  [...value].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

/**
 * The address a landing or referrer value may open as a link, or null to show it as text only. Ringostat
 * passes on what the visitor's browser reported, so the value is untrusted: only an absolute http(s)
 * address as written (no `javascript:`, no scheme-relative `//host`, no user:password@, no spaces, quotes
 * or control characters). Values such as `localhost/` or `example.com/page` stay text.
 */
export function safeHttpUrl(value: string): string | null {
  if (
    value.length > 1000 ||
    !/^https?:\/\/[^/]/i.test(value) ||
    UNSAFE_CHARACTERS.test(value) ||
    hasControlCharacter(value)
  )
    return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.href;
}
