import { toE164 } from '../domain/phone-number';

/**
 * Every phone number held by one CRM phone field, as E.164.
 *
 * Contact phone columns are free text (String, FormatName Phone, MaxLength 50 — Microsoft Learn,
 * "contact table/entity reference"), so users put two numbers in one field ("050 123 45 67, 067 111 22 33",
 * "… / …", "…; …"), extensions ("… ext. 12", "… доб. 5", "…#12"), "tel:" links, the old Soviet-era
 * trunk "8 0XX…" and the old international prefix "8 10 …". Extensions are dropped: Ringostat reports the
 * caller's line, never the extension behind it.
 *
 * The rule is "no false match": a piece that is not a whole phone number (a short internal extension,
 * "n/a", half a number) gives nothing, rather than a guess.
 */

/** Separators that always split two numbers. */
const STRONG_SEPARATORS = /[,;|\n\r]+|\s+(?:or|або|чи|или|і|и|та)\s+/iu;
/** "/" and "\" split two numbers only when both sides are numbers ("030/1234567" is one). */
const WEAK_SEPARATOR = /\s*[/\\]\s*/;
/** An extension marker and everything after it ("ext. 12", "доб. 5", "(вн. 204)", "#12", "x12"). */
const EXTENSION =
  /\s*\(?\s*(?:ext\.?|extension|доб\.?|додатковий|дод\.?|вн\.?|внутр\.?|внутрішній|x|#)\s*:?\s*\d{1,6}\s*\)?\s*$/iu;
/** A label before the number ("Mob: ", "моб. ") or a note after it ("(Ivan)", "- office"). */
const LABEL = /^[\p{L}\s.]*\p{L}[\p{L}\s.]*:?\s*/u;
const NOTE = /\s*(?:\([^)\d]*\)|[-–—]?\s*\p{L}[\p{L}\s.]*)$/u;
/** Old Soviet-era international prefix: 8, dial tone, 10, then the country code. */
const OLD_INTERNATIONAL = /^8\D*10\D*([1-9]\d{6,14})$/;

export function extractPhoneNumbers(stored: string, defaultCountry: string): string[] {
  const found = new Set<string>();
  const text = stored
    .replace(/\u00a0|\u2007|\u202f|\t/g, ' ')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/tel:/gi, ' ');
  for (const chunk of text.split(STRONG_SEPARATORS)) {
    for (const number of numbersInChunk(chunk, defaultCountry)) found.add(number);
  }
  return [...found];
}

function numbersInChunk(chunk: string, defaultCountry: string): string[] {
  const trimmed = chunk.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(WEAK_SEPARATOR);
  if (parts.length > 1) {
    const each = parts.map((part) => oneNumber(part, defaultCountry));
    if (each.every((n): n is string => n !== undefined)) return each;
  }
  const whole = oneNumber(trimmed.replace(WEAK_SEPARATOR, ' '), defaultCountry);
  if (whole !== undefined) return [whole];
  return splitOnSpace(trimmed, defaultCountry);
}

/** One number, or nothing. Letters left between digits mean it is not a plain number: nothing. */
function oneNumber(piece: string, defaultCountry: string): string | undefined {
  const text = piece.replace(EXTENSION, '').replace(LABEL, '').replace(NOTE, '').trim();
  if (/\p{L}/u.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  // Shorter than any subscriber number in the world with an area code: an internal extension.
  if (digits.length < 7) return undefined;
  const oldInternational = OLD_INTERNATIONAL.exec(digits);
  if (oldInternational && !text.includes('+')) return toE164(`+${oldInternational[1]}`, defaultCountry);
  return toE164(text, defaultCountry);
}

/**
 * "0501234567 0671112233": two numbers with only a space between them. Split at the one space where
 * both halves are valid numbers; if no split (or more than one) works, give nothing.
 */
function splitOnSpace(chunk: string, defaultCountry: string): string[] {
  const words = chunk.split(/\s+/);
  if (words.length < 2 || chunk.replace(/\D/g, '').length < 14) return [];
  const splits: string[][] = [];
  for (let i = 1; i < words.length; i++) {
    const left = oneNumber(words.slice(0, i).join(' '), defaultCountry);
    const right = oneNumber(words.slice(i).join(' '), defaultCountry);
    if (left !== undefined && right !== undefined) splits.push([left, right]);
  }
  return splits.length === 1 ? (splits[0] ?? []) : [];
}
