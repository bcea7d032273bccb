import fc from 'fast-check';
import type { DrillRequest } from './http-client';

/**
 * fast-check arbitraries for the bad-input drill: webhooks as Ringostat might send them on a bad day and
 * as nobody should — random keys and values, wrong types, broken JSON, wrong content types, Cyrillic and
 * emoji, nested additional_call_data, missing fields, bodies over the limit, unknown paths.
 *
 * Each generated request carries what it must get: `accept` (a well-formed call), `reject` (400 or 413
 * and a row in the rejected table), `not-found` (404, nothing stored) or `either` (accepted or rejected,
 * but never a 5xx). Huge bodies are described, not built, so 50,000 samples stay small in memory.
 */
export const EXPECTATIONS = ['accept', 'reject', 'not-found', 'either'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

export interface GeneratedWebhook {
  kind: string;
  expect: Expectation;
  method: 'GET' | 'POST';
  event: string;
  query: string;
  contentType?: string;
  body?: string;
  /** A body of this many bytes is built at send time (over the receiver's limit). */
  hugeBytes?: number;
}

const EVENTS = ['before-call', 'after-call', 'after-outgoing-call'] as const;

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const cyrillic = fc.constantFrom('Іван Петренко', 'Олена Ґудзь', 'Юрій Їжак', 'Щасливий клієнт', 'Київ');
const emoji = fc.constantFrom('📞', '🇺🇦', '👩‍💻', '🔥🔥', 'a\u0301', '\u202e', '\u0000', '\ud83d');
const fancyText = fc.oneof(
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
const calldate = fc.oneof(
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
  fc.constant('2019-06-02T09:30:47+0300'),
  fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }).map(String),
);

/** A call that satisfies the contract, in any of the shapes Ringostat produces. */
const goodCall = fc.record({
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

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fancyText,
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 3 }),
  fc.boolean(),
  fc.double(),
);

type Call = Record<string, unknown>;

/** Some fields moved into additional_call_data (as an object, or as a JSON string). */
const nested = (call: Call) =>
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
const mutated = (call: Call) =>
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
function pct(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const form = (call: Call) =>
  Object.entries(call)
    .map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
    .join('&');

const event = fc.constantFrom(...EVENTS);

const wellFormed: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, goodCall, fc.constantFrom('json', 'form', 'query', 'nested'))
  .chain(([ev, call, shape]): fc.Arbitrary<GeneratedWebhook> => {
    if (shape === 'nested')
      return nested(call).map((n) => ({
        kind: 'nested additional_call_data',
        expect: 'either' as const,
        method: 'POST' as const,
        event: ev,
        query: '',
        contentType: 'application/json',
        body: JSON.stringify(n),
      }));
    const base = { kind: `well-formed ${shape}`, expect: 'accept' as const, event: ev };
    if (shape === 'json')
      return fc.constant({
        ...base,
        method: 'POST' as const,
        query: '',
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify(call),
      });
    if (shape === 'form')
      return fc.constant({
        ...base,
        method: 'POST' as const,
        query: '',
        contentType: 'application/x-www-form-urlencoded',
        body: form(call),
      });
    return fc.constant({ ...base, method: 'GET' as const, query: form(call) });
  });

const wrongTypes: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, goodCall)
  .chain(([ev, call]) => mutated(call).map((m) => ({ ev, m })))
  .chain(({ ev, m }) =>
    fc.constantFrom('json', 'form').map((shape) => ({
      kind: `mutated ${shape}`,
      expect: 'either' as const,
      method: 'POST' as const,
      event: ev,
      query: '',
      contentType: shape === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      body: shape === 'json' ? JSON.stringify(m) : form(m),
    })),
  );

const randomObject: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, fc.dictionary(fancyText, anyValue, { maxKeys: 10 }))
  .map(([ev, obj]) => ({
    kind: 'random keys and values',
    expect: 'either' as const,
    method: 'POST' as const,
    event: ev,
    query: '',
    contentType: 'application/json',
    body: JSON.stringify(obj),
  }));

const notAnObject: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, fc.oneof(fc.array(anyValue, { maxLength: 4 }), fc.string(), fc.double(), fc.constant(null)))
  .map(([ev, value]) => ({
    kind: 'JSON that is not an object',
    expect: 'reject' as const,
    method: 'POST' as const,
    event: ev,
    query: '',
    contentType: 'application/json',
    body: JSON.stringify(value),
  }));

const brokenJson: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, goodCall, fc.nat(), fc.constantFrom('', '}', ',', '"', '\\', '\u0000', 'ї'))
  .map(([ev, call, cut, tail]) => {
    const full = JSON.stringify(call);
    const at = 1 + (cut % (full.length - 1));
    return {
      kind: 'broken JSON',
      expect: 'reject' as const,
      method: 'POST' as const,
      event: ev,
      query: '',
      contentType: 'application/json',
      body: full.slice(0, at) + (tail === '}' ? '}}' : tail),
    };
  });

const wrongContentType: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(
    event,
    goodCall,
    fc.constantFrom(
      'text/plain',
      'application/xml',
      'text/html; charset=koi8-u',
      'application/octet-stream',
      'image/png',
      'foo/bar',
    ),
  )
  .map(([ev, call, type]) => ({
    kind: 'wrong content type',
    expect: 'reject' as const,
    method: 'POST' as const,
    event: ev,
    query: '',
    contentType: type,
    body: JSON.stringify(call),
  }));

const brokenMultipart: fc.Arbitrary<GeneratedWebhook> = fc.tuple(event, fancyText).map(([ev, junk]) => ({
  kind: 'broken multipart',
  expect: 'reject' as const,
  method: 'POST' as const,
  event: ev,
  query: '',
  contentType: 'multipart/form-data; boundary=xyz',
  body: `--xyz\r\n${junk}`,
}));

const randomQuery: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(
    event,
    fc.array(fc.tuple(fancyText, fancyText), { maxLength: 8 }),
    fc.constantFrom('', '%', '%E0%A4%A', '%ZZ', '&&=&', '+'),
  )
  .map(([ev, pairs, junk]) => ({
    kind: 'random query string',
    expect: 'either' as const,
    method: 'GET' as const,
    event: ev,
    query: pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&') + junk,
  }));

const missingFields: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(event, goodCall, fc.constantFrom('uniqueid', 'calldate', 'caller', 'dst'))
  .map(([ev, call, field]) => {
    const { [field]: _dropped, ...rest } = call as Call;
    return {
      kind: 'required field missing',
      expect: 'reject' as const,
      method: 'POST' as const,
      event: ev,
      query: '',
      contentType: 'application/json',
      body: JSON.stringify(rest),
    };
  });

const huge = (limitBytes: number): fc.Arbitrary<GeneratedWebhook> =>
  fc
    .tuple(
      event,
      fc.integer({ min: limitBytes + 1, max: limitBytes * 3 }),
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
    )
    .map(([ev, size, type]) => ({
      kind: 'body over the limit',
      expect: 'reject' as const,
      method: 'POST' as const,
      event: ev,
      query: '',
      contentType: type,
      hugeBytes: size,
    }));

const unknownPath: fc.Arbitrary<GeneratedWebhook> = fc
  .constantFrom('before', 'after-call/extra', 'AFTER-CALL', 'after_call', '..%2Fadmin', 'before-call%00')
  .map((path) => ({
    kind: 'unknown webhook path',
    expect: 'not-found' as const,
    method: 'POST' as const,
    event: path,
    query: '',
    contentType: 'application/json',
    body: '{}',
  }));

/** The mix the drill sends; weights put most traffic on the realistic-but-wrong shapes. */
export function badWebhookArbitrary(limitBytes: number): fc.Arbitrary<GeneratedWebhook> {
  return fc.oneof(
    { arbitrary: wellFormed, weight: 15 },
    { arbitrary: wrongTypes, weight: 20 },
    { arbitrary: randomObject, weight: 10 },
    { arbitrary: notAnObject, weight: 5 },
    { arbitrary: brokenJson, weight: 10 },
    { arbitrary: wrongContentType, weight: 8 },
    { arbitrary: brokenMultipart, weight: 3 },
    { arbitrary: randomQuery, weight: 12 },
    { arbitrary: missingFields, weight: 10 },
    { arbitrary: huge(limitBytes), weight: 3 },
    { arbitrary: unknownPath, weight: 2 },
  );
}

/** The HTTP request for a generated webhook; huge bodies are built here, valid in their content type. */
export function toRequest(webhook: GeneratedWebhook, token: string): DrillRequest {
  const query = [`token=${pct(token)}`, webhook.query].filter(Boolean).join('&');
  const req: DrillRequest = { method: webhook.method, path: `/ringostat/${webhook.event}?${query}` };
  if (webhook.contentType) req.headers = { 'content-type': webhook.contentType };
  if (webhook.hugeBytes !== undefined) {
    const filler = 'Ї'.repeat(Math.ceil(webhook.hugeBytes / 2));
    req.body =
      webhook.contentType === 'application/json'
        ? JSON.stringify({ uniqueid: 'huge', employee_fio: filler })
        : `uniqueid=huge&employee_fio=${filler}`;
  } else if (webhook.body !== undefined) {
    req.body = webhook.body;
  }
  return req;
}

/** `count` webhooks, reproducible from `seed`, produced in chunks so only one chunk is in memory. */
export function* generateWebhooks(
  count: number,
  seed: number,
  limitBytes: number,
  chunk = 1_000,
): Generator<GeneratedWebhook[]> {
  const arbitrary = badWebhookArbitrary(limitBytes);
  for (let start = 0, n = 0; start < count; start += chunk, n++) {
    yield fc.sample(arbitrary, { numRuns: Math.min(chunk, count - start), seed: seed + n });
  }
}
