import type { WebApiReader } from '../shared/environment-variables';
import { containsLiteral } from '../shared/odata-text';
import type { CallSearch } from './call-query';

/** At most this many contacts feed a name search (one `or` clause each; the URL stays short). */
export const MAX_SEARCH_CONTACTS = 50;

/**
 * The digits to look for in phonecall.phonenumber, or null when the text is not a phone number.
 * The receiver stores E.164 ("+380671112233"), so whatever way the agent types the number —
 * "067 111 22 33", "+380 (67) 111-22-33", "380671112233", "8 067 111 22 33", "00380…" — it becomes the
 * digits that sit together in the stored number: the international prefix 00 and a trunk prefix
 * (0, or 8 before a ten-digit national number) are dropped. A part of a number ("111 22") works too.
 */
export function phoneSearchDigits(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[\d\s()+\-./]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  if (digits.length < 3) return null;
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length === 11 && digits.startsWith('8')) digits = digits.slice(1);
  if (digits.startsWith('0')) digits = digits.slice(1);
  return digits.slice(0, 20) || null;
}

export interface ResolvedSearch {
  readonly search: CallSearch | null;
  /** Name searches: more contacts matched than MAX_SEARCH_CONTACTS. */
  readonly truncated: boolean;
}

/**
 * Turns the search box into a filter: a phone number directly; a name through the contacts whose full
 * name contains it (phonecall's regarding name cannot be filtered without a navigation path).
 */
export async function resolveSearch(
  webApi: WebApiReader,
  text: string,
  allowNames: boolean,
): Promise<ResolvedSearch> {
  const trimmed = text.trim();
  if (!trimmed) return { search: null, truncated: false };
  const digits = phoneSearchDigits(trimmed);
  if (digits) return { search: { kind: 'phone', digits }, truncated: false };
  if (!allowNames) return { search: { kind: 'contacts', ids: [] }, truncated: false };
  const result = await webApi.retrieveMultipleRecords(
    'contact',
    `?$select=contactid&$filter=contains(fullname,'${containsLiteral(trimmed)}')&$orderby=fullname&$top=${MAX_SEARCH_CONTACTS + 1}`,
  );
  const ids = result.entities.map((row) => String(row['contactid']));
  return {
    search: { kind: 'contacts', ids: ids.slice(0, MAX_SEARCH_CONTACTS) },
    truncated: ids.length > MAX_SEARCH_CONTACTS,
  };
}
