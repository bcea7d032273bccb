import fc from 'fast-check';
import type { DrillRequest } from './http-client';
import {
  anyValue,
  EVENTS,
  fancyText,
  form,
  goodCall,
  mutated,
  nested,
  pct,
  type Call,
} from './webhook-values';

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

/** Values outside the intake bounds (intake-bounds.ts): each must be a 400 naming the field. */
const outOfBounds: fc.Arbitrary<GeneratedWebhook> = fc
  .tuple(
    event,
    goodCall,
    fc.oneof(
      fc.integer({ min: 86_401, max: 10_000_000 }).map((n) => ({ billsec: n })),
      fc.constantFrom({ calldate: '2031-01-01 00:00:00' }, { calldate: '1999-12-31 23:59:59' }),
      fc.constantFrom('ua18 1.2', 'дзвінок-1', 'call\u0001', 'x'.repeat(101)).map((id) => ({ uniqueid: id })),
      fc.integer({ min: 9, max: 50_000 }).map((depth) => ({ nested: depth })),
    ),
  )
  .map(([ev, call, change]) => {
    const body =
      'nested' in change
        ? `{"uniqueid":"${call.uniqueid}","deep":${'['.repeat(change.nested)}${']'.repeat(change.nested)}}`
        : JSON.stringify({ ...call, ...change });
    return {
      kind: 'value outside the intake bounds',
      expect: 'reject' as const,
      method: 'POST' as const,
      event: ev,
      query: '',
      contentType: 'application/json',
      body,
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
    { arbitrary: outOfBounds, weight: 5 },
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
