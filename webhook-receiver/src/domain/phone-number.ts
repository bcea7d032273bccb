import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * Phone numbers → E.164, the one form the product stores and compares.
 *
 * Ringostat sends international digits without "+" (`380441112233`); CRM users type anything
 * ("+380 (50) 123-45-67", "050 123 4567", "8 050 1234567", "tel:+380…", "… ext. 12").
 * libphonenumber rejects the old Ukrainian trunk prefix "8 0XX…", so it is rewritten first
 * (see ../../../../shared/notes/libraries.md §5).
 */

const EXTENSION = /\s*(?:ext\.?|extension|доб\.?|вн\.?|x|#)\s*\d{1,6}\s*$/i;

/**
 * The same number is normalised several times per event (serial keys, the call event, the lookup) and
 * again for each call of a busy caller; parsing is the costly part, so recent answers are remembered.
 */
const RECENT_LIMIT = 10_000;
const recent = new Map<string, string | null>();

export function toE164(raw: string, defaultCountry: string): string | undefined {
  const key = `${defaultCountry}\u0000${raw}`;
  const known = recent.get(key);
  if (known !== undefined) return known ?? undefined;
  const e164 = normalise(raw, defaultCountry);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(key, e164 ?? null);
  return e164;
}

function normalise(raw: string, defaultCountry: string): string | undefined {
  const text = raw.trim().replace(/^tel:/i, '').replace(EXTENSION, '');
  const digits = text.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 17) return undefined;
  const country = defaultCountry.toUpperCase() as CountryCode;
  const international = /^\s*(\+|00)/.test(text);

  if (international) return valid(parse(`+${digits.replace(/^00/, '')}`, country));

  const national = country === 'UA' ? digits.replace(/^8(0\d{9})$/, '$1') : digits;
  return (
    valid(parse(national, country)) ??
    // International digits without the "+" (how Ringostat sends every number).
    valid(parse(`+${digits}`, country)) ??
    possible(parse(national, country))
  );
}

/** "mobile" decides whether a new contact gets the number in mobilephone or telephone1. */
export function phoneKind(e164: string): 'mobile' | 'other' {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? 'mobile' : 'other';
}

function parse(text: string, country: CountryCode): PhoneNumber | undefined {
  return parsePhoneNumberFromString(text, country);
}

function valid(number: PhoneNumber | undefined): string | undefined {
  return number?.isValid() ? number.number : undefined;
}

function possible(number: PhoneNumber | undefined): string | undefined {
  return number?.isPossible() ? number.number : undefined;
}
