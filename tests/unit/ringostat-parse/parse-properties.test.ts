import fc from 'fast-check';
import { withoutToken } from '../../../webhook-receiver/src/http/raw-request';
import { parseRingostatEvent } from '../../../webhook-receiver/src/ringostat/parse-ringostat-event';
import { WEBHOOK_EVENTS } from '../../../webhook-receiver/src/ringostat/ringostat-event';

const KEYS = [
  'uniqueid',
  'calldate',
  'caller',
  'dst',
  'disposition',
  'billsec',
  'recording',
  'call_type',
  'x',
];
const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '-1', '(none)', '(not set)', '2026-03-02 14:05:11', 'javascript:alert(1)'),
  fc.object({ maxDepth: 1 }),
);
const params = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), value);

describe('parseRingostatEvent on arbitrary input', () => {
  test('never throws, and every problem names a field and says what is wrong', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEBHOOK_EVENTS), params, (event, input) => {
        const result = parseRingostatEvent(event, input, { timeZone: 'Europe/Kyiv' });
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(p.field && p.message).toBeTruthy();
        }
      }),
    );
  });

  test('an accepted event always has a call id, a valid instant and only http(s) links', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEBHOOK_EVENTS), params, (event, input) => {
        const result = parseRingostatEvent(
          event,
          {
            uniqueid: 'id',
            calldate: '2026-03-02 14:05:11',
            caller: '1',
            dst: '2',
            billsec: 1,
            disposition: 'X',
            ...input,
          },
          { timeZone: 'Europe/Kyiv' },
        );
        if (!result.ok) return;
        expect(result.event.callId.length).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(result.event.callDate))).toBe(false);
        for (const url of [result.event.recordingUrl, result.event.callCardUrl]) {
          if (url !== undefined) expect(url).toMatch(/^https?:\/\//);
        }
        expect(result.event.extra).not.toHaveProperty('token');
      }),
    );
  });
});

test('a stored URL never keeps a token parameter, whatever the rest of the query', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.string(), fc.string())),
      fc.string({ minLength: 1 }),
      (pairs, secret) => {
        const query = [
          ...pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
          `token=${encodeURIComponent(secret)}`,
        ];
        const stored = withoutToken(`/ringostat/after-call?${query.join('&')}`);
        expect(new URLSearchParams(stored.split('?')[1] ?? '').has('token')).toBe(false);
      },
    ),
  );
});
