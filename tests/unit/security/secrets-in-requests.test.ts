import { withoutTokenInBody } from '../../../webhook-receiver/src/http/body-without-token';
import { toRawRequest, withoutToken } from '../../../webhook-receiver/src/http/raw-request';
import { redactUrl, secretScrubber } from '../../../webhook-receiver/src/logger';

const SECRET = 'the-webhook-token-0123';
const scrub = secretScrubber([SECRET]);

describe('withoutToken (stored URLs)', () => {
  test.each([
    ['/x?token=a&b=1', '/x?b=1'],
    ['/x?tok%65n=a&b=1', '/x?b=1'],
    ['/x?%74oken=a', '/x'],
    ['/x?Token=a', '/x?Token=a'],
    ['http://h/x?b=1&token=a', 'http://h/x?b=1'],
  ])('%s → %s', (url, kept) => expect(withoutToken(url)).toBe(kept));
});

describe('redactUrl (logged URLs)', () => {
  test('the token value is replaced, also under an encoded key; the rest stays', () => {
    expect(redactUrl('/x?tok%65n=a&token=b&c=1')).toBe('/x?tok%65n=[redacted]&token=[redacted]&c=1');
  });
});

describe('secretScrubber', () => {
  test('replaces a secret as written and percent-encoded; ignores secrets shorter than four', () => {
    const scrubber = secretScrubber(['a b/c', 'ab']);
    expect(scrubber('x a b/c y a%20b%2Fc ab')).toBe('x [redacted] y [redacted] ab');
  });
});

describe('withoutTokenInBody', () => {
  const json = 'application/json';
  test.each([
    ['a token key', `{"a":1,"token":"${SECRET}"}`, '{"a":1}'],
    ['a \\u-escaped key', `{"a":1,"tok\\u0065n":"x"}`, '{"a":1}'],
    ['a nested key', `{"a":{"token":"x","b":2}}`, '{"a":{"b":2}}'],
    ['a secret under another key', `{"copy":"${SECRET}"}`, '{"copy":"[redacted]"}'],
  ])('JSON with %s is written again without it', (_name, body, kept) => {
    expect(withoutTokenInBody(json, body, scrub)).toBe(kept);
  });

  test('JSON without a token is kept byte for byte (spacing and key order)', () => {
    const body = '{ "b" : 1,\n "a": "ї" }';
    expect(withoutTokenInBody(json, body, scrub)).toBe(body);
  });

  test('a form body loses token pairs and encoded secrets, the other pairs stay as written', () => {
    const body = `a=1&token=x&tok%65n=y&copy=${SECRET.replace(/e/g, '%65')}&d=2+3`;
    expect(withoutTokenInBody('application/x-www-form-urlencoded', body, scrub)).toBe(
      'a=1&copy=[redacted]&d=2+3',
    );
  });

  test('a multipart body loses the token part and keeps the others', () => {
    const body = [
      '--B',
      'Content-Disposition: form-data; name="a"',
      '',
      '1',
      '--B',
      'Content-Disposition: form-data; name="token"',
      '',
      SECRET,
      '--B--',
      '',
    ].join('\r\n');
    const kept = withoutTokenInBody('multipart/form-data; boundary=B', body, scrub);
    expect(kept).toBe(['--B', 'Content-Disposition: form-data; name="a"', '', '1', '--B--', ''].join('\r\n'));
  });

  test('toRawRequest drops secret headers and scrubs the rest', () => {
    const raw = toRawRequest(
      {
        method: 'POST',
        url: `/x?token=${SECRET}&y=1`,
        headers: { 'x-token': SECRET, referer: `https://a/?t=${SECRET}`, 'content-type': 'text/plain' },
        body: `note ${SECRET}`,
      },
      scrub,
    );
    expect(raw).toEqual({
      method: 'POST',
      url: '/x?y=1',
      headers: { referer: 'https://a/?t=[redacted]', 'content-type': 'text/plain' },
      body: 'note [redacted]',
    });
  });
});
