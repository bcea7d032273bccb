import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { extractPhoneNumbers } from '../../../webhook-receiver/src/directory/extract-phone-numbers';

/** Ukrainian mobile numbers as E.164, and a few ways of writing any of them. */
const uaMobile = fc
  .tuple(
    fc.constantFrom('50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'),
    fc.integer({ min: 2_000_000, max: 9_999_999 }),
  )
  .map(([op, rest]) => `+380${op}${rest}`);
const written = (e164: string) => {
  const n = e164.slice(4);
  return fc.constantFrom(
    `0${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
    `8 (0${n.slice(0, 2)}) ${n.slice(2, 5)}-${n.slice(5, 7)}-${n.slice(7)}`,
    `+38 0${n}`,
    `tel:${e164}`,
    `00${e164.slice(1)} доб. 12`,
    `${e164.slice(1)}#7`,
  );
};

describe('extractPhoneNumbers, for any input', () => {
  test('never throws, and gives only valid-looking E.164 numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const n of extractPhoneNumbers(text, 'UA')) {
          expect(n).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(parsePhoneNumberFromString(n)?.isPossible()).toBe(true);
        }
      }),
    );
  });

  test('two Ukrainian numbers written any way and joined any way are both found, and nothing else', () => {
    fc.assert(
      fc.property(
        uaMobile.chain((a) => fc.tuple(fc.constant(a), written(a))),
        uaMobile.chain((b) => fc.tuple(fc.constant(b), written(b))),
        fc.constantFrom(', ', '; ', ' / ', '\n', ' або '),
        ([a, textA], [b, textB], joiner) => {
          expect(extractPhoneNumbers(`${textA}${joiner}${textB}`, 'UA').sort()).toEqual(
            [...new Set([a, b])].sort(),
          );
        },
      ),
    );
  });

  test('digits shorter than a subscriber number with an area code never become a number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,6}$/), (digits) => {
        expect(extractPhoneNumbers(digits, 'UA')).toEqual([]);
      }),
    );
  });
});
