import { decodeParams } from '../../../webhook-receiver/src/http/decode-params';
import { toRawRequest, withoutToken } from '../../../webhook-receiver/src/http/raw-request';
import { verifyToken } from '../../../webhook-receiver/src/http/verify-token';
import { redactUrl } from '../../../webhook-receiver/src/logger';

describe('verifyToken', () => {
  test('accepts the current and the previous token, nothing else', () => {
    const accepted = ['current-token', 'previous-token'];
    expect(verifyToken('current-token', accepted)).toBe(true);
    expect(verifyToken('previous-token', accepted)).toBe(true);
    expect(verifyToken('current-toke', accepted)).toBe(false);
    expect(verifyToken('current-token-and-more', accepted)).toBe(false);
    expect(verifyToken(undefined, accepted)).toBe(false);
    expect(verifyToken('', accepted)).toBe(false);
  });

  test('no configured token accepts nothing, not even an empty one', () => {
    expect(verifyToken('', [undefined, ''])).toBe(false);
    expect(verifyToken('anything', [undefined, undefined])).toBe(false);
  });
});

describe('toRawRequest', () => {
  test('drops the token from the URL but keeps the rest of the query byte for byte', () => {
    expect(withoutToken('/ringostat/after-call?token=s3cret&caller=%2B380&x=a+b')).toBe(
      '/ringostat/after-call?caller=%2B380&x=a+b',
    );
    expect(withoutToken('/ringostat/after-call?a=1&token=x&tok%65n=y')).toBe('/ringostat/after-call?a=1');
    expect(withoutToken('/ringostat/after-call?token=x')).toBe('/ringostat/after-call');
  });

  test('keeps ordinary headers and drops credentials', () => {
    const raw = toRawRequest({
      method: 'POST',
      url: '/ringostat/after-call?token=x',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ringostat HTTP Client v1.1',
        authorization: 'Bearer x',
        cookie: 'a=b',
        'x-webhook-token': 't',
        'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
      },
      body: '{"a":"Київ"}',
    });
    expect(raw).toEqual({
      method: 'POST',
      url: '/ringostat/after-call',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ringostat HTTP Client v1.1',
        'x-forwarded-for': '1.1.1.1, 2.2.2.2',
      },
      body: '{"a":"Київ"}',
    });
  });

  test('the log form of a URL hides the token', () => {
    expect(redactUrl('/ringostat/after-call?x=1&token=abc&y=2')).toBe(
      '/ringostat/after-call?x=1&token=[redacted]&y=2',
    );
  });
});

describe('decodeParams', () => {
  const body = (text: string) => Buffer.from(text, 'utf8');

  test('the body wins over the query for the same key; token comes from neither', async () => {
    expect(
      await decodeParams('token=q&caller=1&dst=2', 'application/json', body('{"caller":"3","token":"b"}')),
    ).toEqual({ ok: true, params: { caller: '3', dst: '2' } });
  });

  test('form bodies decode + as space and Cyrillic percent-escapes', async () => {
    const form = 'disposition=NO+ANSWER&employee_fio=%D0%86%D0%B2%D0%B0%D0%BD';
    expect(await decodeParams('', 'application/x-www-form-urlencoded; charset=utf-8', body(form))).toEqual({
      ok: true,
      params: { disposition: 'NO ANSWER', employee_fio: 'Іван' },
    });
  });

  test('multipart form bodies keep their text fields', async () => {
    const b = '----x';
    const text = `--${b}\r\nContent-Disposition: form-data; name="uniqueid"\r\n\r\nid-7\r\n--${b}--\r\n`;
    expect(await decodeParams('', `multipart/form-data; boundary=${b}`, body(text))).toEqual({
      ok: true,
      params: { uniqueid: 'id-7' },
    });
  });

  test.each([
    ['application/json', '{"a":', /not valid JSON/],
    ['application/json', '[1,2]', /must be an object/],
    ['text/plain', 'a=1', /unsupported content type "text\/plain"/],
    [undefined, 'a=1', /unsupported content type "\(none\)"/],
  ])('%s body %p is refused with a reason', async (type, text, reason) => {
    const result = await decodeParams('', type, body(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  test('an empty body leaves the query parameters', async () => {
    expect(await decodeParams('uniqueid=1', 'application/json', Buffer.alloc(0))).toEqual({
      ok: true,
      params: { uniqueid: '1' },
    });
  });
});

describe('hostile keys', () => {
  test('a __proto__ key in JSON, form or query is dropped, never turned into a prototype', async () => {
    const json = await decodeParams(
      '__proto__[x]=1',
      'application/json',
      Buffer.from('{"__proto__":{"polluted":1},"a":"1"}'),
    );
    expect(json).toEqual({ ok: true, params: { a: '1', '__proto__[x]': '1' } });
    if (json.ok) expect(Object.getPrototypeOf(json.params)).toBe(Object.prototype);
    const form = await decodeParams('', 'application/x-www-form-urlencoded', Buffer.from('__proto__=x&a=1'));
    expect(form).toEqual({ ok: true, params: { a: '1' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
