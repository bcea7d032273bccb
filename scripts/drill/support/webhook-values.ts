import fc from 'fast-check';

/**
 * The values the bad-input drill builds webhooks from: well-formed calls in every shape Ringostat
 * produces, plus text that breaks naive code (Cyrillic, emoji, combining marks, a right-to-left override,
 * NUL, a lone surrogate), values of every JSON type, and the mutations that turn a good call bad.
 */
export const EVENTS = ['before-call', 'after-call', 'after-outgoing-call'] as const;

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const cyrillic = fc.constantFrom('Іван Петренко', 'Олена Ґудзь', 'Юрій Їжак', 'Щасливий клієнт', 'Київ');
const emoji = fc.constantFrom('📞', '🇺🇦', '👩‍💻', '🔥🔥', 'a\u0301', '\u202e', '\u0000', '\ud83d');
export const fancyText = fc.oneof(
  text,
  cyrillic,
  emoji,
  fc.tuple(cyrillic, emoji).map(([a, b]) => a + b),
);
const phone = fc.oneof(
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `38067${String(n).padStart(7, '0')}`),
  fc.constantFrom('0671112233', '+380 67 111 22 33', '8 067 111 22 33', '"Іван" <company_manager1>'),
);
const seconds = fc.oneof(fc.nat(7_200), fc.nat(7_200).map(String));
const optionalSeconds = fc.oneof(seconds, fc.constant(''));
const callId = fc.tuple(fc.nat(2_000_000_000), fc.nat(9_999_999)).map(([a, b]) => `ua18_-${a}.${b}`);
/** Past dates only: the receiver refuses a `calldate` more than a day ahead (intake-bounds.ts). */
const calldate = fc.oneof(
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
  fc.constant('2019-06-02T09:30:47+0300'),
  fc.integer({ min: 1_600_000_000, max: 1_767_000_000 }).map(String),
);

/** A call that satisfies the contract, in any of the shapes Ringostat produces. */
export const goodCall = fc.record({
  uniqueid: callId,
  calldate,
  caller: phone,
  dst: phone,
  call_type: fc.constantFrom('in', 'out', 'callback', 'transitin', 'transitout'),
  disposition: fc.constantFrom('ANSWERED', 'NO ANSWER', 'BUSY', 'PROPER', 'VOICEMAIL'),
  billsec: seconds,
  duration: optionalSeconds,
  waittime: optionalSeconds,
  employee_number: fc.oneof(fc.constant('-1'), fc.nat(999_999).map(String)),
  employee_fio: fancyText,
  has_recording: fc.constantFrom('0', '1', ''),
  utm_source: fancyText,
});

export const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fancyText,
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 3 }),
  fc.boolean(),
  fc.double(),
);

export type Call = Record<string, unknown>;

/** Some fields moved into additional_call_data (as an object, or as a JSON string). */
export const nested = (call: Call) =>
  fc.tuple(fc.subarray(Object.keys(call)), fc.boolean()).map(([moved, asString]) => {
    const top: Call = { ...call };
    const inner: Call = {};
    for (const key of moved) {
      inner[key] = top[key];
      delete top[key];
    }
    return { ...top, additional_call_data: asString ? JSON.stringify(inner) : inner };
  });

/** Keys deleted, values replaced by anything, random keys added. */
export const mutated = (call: Call) =>
  fc
    .tuple(
      fc.subarray(Object.keys(call)),
      fc.dictionary(fc.constantFrom(...Object.keys(call)), anyValue, { maxKeys: 4 }),
      fc.dictionary(fancyText, anyValue, { maxKeys: 6 }),
    )
    .map(([dropped, replaced, extra]) => {
      const out: Call = { ...extra, ...call, ...replaced };
      for (const key of dropped) delete out[key];
      return out;
    });

/**
 * Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD instead of throwing like
 * encodeURIComponent does).
 */
export function pct(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const form = (call: Call) =>
  Object.entries(call)
    .map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
    .join('&');
