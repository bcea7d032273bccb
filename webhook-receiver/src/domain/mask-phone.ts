/**
 * The one place that masks phone numbers (personal data) for logs: keep the country code and the last
 * four digits, enough to match a log line to a complaint (`+380501234567` → `+380*****4567`).
 * GUIDs, ids, dates and byte counts are never touched (docs/adr/0084-one-phone-mask-for-every-log-line.md).
 */
export function maskPhone(value: string): string {
  if (value.includes('*')) return value; // already masked
  const plus = /^\s*(\+|%2b)/i.test(value) ? '+' : '';
  const digits = value.replace(URL_SEPARATOR, ' ').replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 3));
  // A short (local) number keeps only its last two digits: three and four would leave nothing hidden.
  if (digits.length < 10) return `${plus}${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return `${plus}${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Separators as a URL writes them: `%20` (space), `%2B` (+), `%28` and `%29` (brackets). */
const URL_SEPARATOR = /%2[089b]/gi;

/**
 * A phone-like run in free text: an optional `+` (or its URL form `%2B`), digits with spaces, dashes,
 * brackets or `+` (a space in a form-encoded URL) inside, also percent-encoded. It must stand alone — not inside a word, a GUID (`049f766c-3294-…`), a dotted id
 * (`ua18_-1791545397.2215926`) or a dash-joined unit (`1048576-byte`) — and must not start like a date.
 */
const PHONE_RUN = /(?<![\w.-])(?:\+|%2[Bb])?(?!\d{4}-\d\d-\d\d)\d(?:[\d ()+-]|%2[089Bb]){5,}\d(?![\w.-])/g;

/** Masks every phone number in free text (a message, an error, a URL). */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_RUN, (match) => (looksLikePhone(match) ? maskPhone(match) : match));
}

/**
 * E.164 allows 15 digits. A run written with `+` counts from 7 digits; a bare one from 9 (a Ukrainian
 * number has 10 or 12), or from 7 when it is grouped like a number (`123-45-67`), so byte counts and
 * small ids stay readable.
 */
function looksLikePhone(match: string): boolean {
  const plain = match.replace(URL_SEPARATOR, ' ');
  const digits = plain.replace(/\D/g, '').length;
  if (digits > 15) return false;
  if (/^(\+|%2b)/i.test(match)) return digits >= 7;
  if (digits >= 9) return true;
  return digits >= 7 && /[ ()+-]/.test(plain);
}

/** Keys whose whole value is a phone number (webhook keys, Dataverse columns, the receiver's own names). */
const PHONE_KEY_NAMES = [
  'caller',
  'dst',
  'connected_with',
  'connectedwith',
  'phone',
  'phones',
  'phonenumber',
  'clientnumber',
  'client_number',
  'e164',
  'mobilephone',
  'telephone1',
  'telephone2',
  'telephone3',
];
const PHONE_KEYS = new Set(PHONE_KEY_NAMES);

/** Ids are never masked: `callId`, `contactid`, `inboxId`, `uniqueid`, `id`. */
const ID_KEY = /id$/i;

/**
 * Masks phone numbers in one JSON log line: values under phone keys are masked whole (also when they are
 * numbers), values under id keys are left alone, every other string is masked as free text. The JSON stays
 * valid (only digits become `*`). Runs on every log line, so it is one pass over the string literals and
 * skips values without three digits in a row (most of them).
 */
export function maskPhonesInJson(line: string): string {
  let key = '';
  let out = '';
  let copied = 0;
  JSON_STRING.lastIndex = 0;
  for (let m = JSON_STRING.exec(line); m !== null; m = JSON_STRING.exec(line)) {
    const content = m[1] ?? '';
    if (m[2] !== undefined) key = content;
    else if (THREE_DIGITS.test(content)) {
      const value = maskValue(key.toLowerCase(), content);
      if (value !== content) {
        out += `${line.slice(copied, m.index)}"${value}"`;
        copied = m.index + m[0].length;
      }
    }
  }
  const masked = copied === 0 ? line : out + line.slice(copied);
  if (!PHONE_KEY_NUMBER.test(masked)) return masked;
  return masked.replace(PHONE_KEY_NUMBER_ALL, (_m, name: string, digits: string) => {
    return `"${name}":"${maskPhone(digits)}"`;
  });
}

/** A string literal, and the colon after it when it is a key. */
const JSON_STRING = /"((?:[^"\\]|\\.)*)"(\s*:)?/g;
const THREE_DIGITS = /\d{3}/;
const PHONE_KEY_ALTERNATIVES = PHONE_KEY_NAMES.join('|');
/** A phone key whose value is a bare number (`"caller":380501234567`). */
const PHONE_KEY_NUMBER = new RegExp(`"(?:${PHONE_KEY_ALTERNATIVES})":\\d`, 'i');
const PHONE_KEY_NUMBER_ALL = new RegExp(`"(${PHONE_KEY_ALTERNATIVES})":(\\d{5,})`, 'gi');

function maskValue(key: string, value: string): string {
  if (PHONE_KEYS.has(key)) return /\d{3}/.test(value.replace(/\D/g, '')) ? maskPhone(value) : value;
  if (ID_KEY.test(key)) return value;
  return maskPhonesIn(value);
}
