import { unwrapJsonRpc } from '../../../webhook-receiver/src/ringostat/unwrap-json-rpc';

describe('unwrapJsonRpc', () => {
  test('the keys of a json-rpc envelope come from its params; the envelope keys are dropped', () => {
    expect(
      unwrapJsonRpc({ jsonrpc: '2.0', method: 'afterCall', id: 7, params: { uniqueid: 'u1', billsec: 3 } }),
    ).toEqual({ ok: true, params: { uniqueid: 'u1', billsec: 3 } });
  });

  test('static URL parameters stay beside the lifted ones; a key inside params wins', () => {
    expect(
      unwrapJsonRpc({ source: 'crm', uniqueid: 'from-url', jsonrpc: '2.0', params: { uniqueid: 'u1' } }),
    ).toEqual({ ok: true, params: { source: 'crm', uniqueid: 'u1' } });
  });

  test('params sent as a JSON string are read the same way', () => {
    expect(unwrapJsonRpc({ jsonrpc: '2.0', params: '{"uniqueid":"u2"}' })).toEqual({
      ok: true,
      params: { uniqueid: 'u2' },
    });
  });

  test.each([[['u1', 3]], [undefined], ['not json'], [null]])(
    'an envelope with params %p is refused with what a json-rpc body needs',
    (params) => {
      const result = unwrapJsonRpc({ jsonrpc: '2.0', method: 'x', params });
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(/"params" as an object/);
    },
  );

  test('a plain body is returned untouched', () => {
    const plain = { uniqueid: 'u1', method: 'not an envelope' };
    expect(unwrapJsonRpc(plain)).toEqual({ ok: true, params: plain });
  });

  test('__proto__ inside params is never copied onto the result', () => {
    const params = JSON.parse(
      '{"jsonrpc":"2.0","params":{"__proto__":{"polluted":1},"uniqueid":"u"}}',
    ) as Record<string, unknown>;
    const result = unwrapJsonRpc(params);
    expect(result.ok && Object.getPrototypeOf(result.params)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
