import { safeHttpUrl } from '../shared/recording-state';
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
 * passes on what the visitor's browser reported, so the value is untrusted: on top of the player's rule
 * (an absolute http(s) URL, `safeHttpUrl` in shared/recording-state.ts) it must be written as such (no
 * scheme-relative `//host`, no spaces, quotes or control characters, at most 1000 characters) and carry
 * no user:password@. Values such as `localhost/` or `example.com/page` stay text.
 */
export function safeLinkUrl(value: string): string | null {
  if (
    value.length > 1000 ||
    !/^https?:\/\/[^/]/i.test(value) ||
    UNSAFE_CHARACTERS.test(value) ||
    hasControlCharacter(value)
  )
    return null;
  const href = safeHttpUrl(value);
  if (!href) return null;
  const url = new URL(href);
  return url.username || url.password || !url.hostname ? null : href;
}
