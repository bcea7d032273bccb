import { renderAnswer } from '../../../webhook-receiver/src/forwarding/forwarding-answer';
import { readForwardingRequest } from '../../../webhook-receiver/src/forwarding/forwarding-request';
import { unwrapJsonRpc } from '../../../webhook-receiver/src/forwarding/json-rpc-envelope';

const json = (value: unknown, type = 'application/json') => ({
  headers: { 'content-type': type },
  body: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});

describe('reading a Ringostat forwarding request', () => {
  it('http: parameters in the URL, answered as plain text', () => {
    const request = readForwardingRequest({
      query: 'token=secret&caller=380671112233&uniqueid=ua18_1.2&dst=380441112233',
      headers: {},
    });
    expect(request).toEqual({
      format: 'http',
      answer: 'http',
      field: 'destination',
      rpcId: null,
      caller: '380671112233',
      callId: 'ua18_1.2',
      keys: ['caller', 'uniqueid', 'dst'],
      unexpected: [],
    });
  });

  it('json: a key/value body (the documented example carries call_id, step_forward and uuid too)', () => {
    const request = readForwardingRequest({
      query: 'token=secret',
      ...json({
        call_id: 'pkv',
        step_forward: 'webhookNumber%3A120',
        uuid: '842d921d',
        caller: 380671112233,
      }),
    });
    expect(request).toMatchObject({ format: 'json', answer: 'json', caller: '380671112233', unexpected: [] });
    expect(request.keys).toEqual(['call_id', 'step_forward', 'uuid', 'caller']);
  });

  it('json-rpc: parameters under params, the id echoed in the answer', () => {
    const request = readForwardingRequest({
      query: 'token=secret',
      ...json({ jsonrpc: '2.0', method: 'getDestination', id: 17, params: { caller: '380671112233' } }),
    });
    expect(request).toMatchObject({
      format: 'json-rpc',
      answer: 'json-rpc',
      rpcId: 17,
      caller: '380671112233',
    });
    expect(request.unexpected).toEqual([]);
  });

  it('a form body is read like URL parameters', () => {
    const request = readForwardingRequest({
      query: 'token=secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('caller=380671112233&additional_call_data%5Bdst%5D=380441112233'),
    });
    expect(request).toMatchObject({ format: 'http', caller: '380671112233' });
    expect(request.keys).toEqual(['caller', 'dst']);
  });

  it('?answer= and ?field= set the answer format and the JSON key, whatever the request format', () => {
    const request = readForwardingRequest({
      query: 'caller=380671112233&answer=jsonrpc&field=number',
      headers: {},
    });
    expect(request).toMatchObject({ format: 'http', answer: 'json-rpc', field: 'number', unexpected: [] });
  });

  it.each([
    [
      'the caller under another plausible key',
      { query: 'phone=380671112233', headers: {} },
      ['caller_under_other_key'],
    ],
    ['the caller in a header', { query: '', headers: { 'x-caller': '380671112233' } }, ['caller_in_header']],
    ['no caller at all', { query: 'uuid=1', headers: {} }, ['no_caller']],
    [
      'a JSON body that is not JSON',
      { query: '', ...json('{"caller": 38067') },
      ['invalid_json', 'no_caller'],
    ],
    ['a JSON array', { query: '', ...json([1, 2]) }, ['json_not_object', 'no_caller']],
    [
      'a JSON-RPC envelope without named params',
      { query: '', ...json({ jsonrpc: '2.0', id: 1, params: ['380671112233'] }) },
      ['json_rpc_envelope', 'no_caller'],
    ],
    [
      'an XML body',
      { query: 'caller=380671112233', headers: { 'content-type': 'text/xml' }, body: Buffer.from('<call/>') },
      ['unsupported_body'],
    ],
    [
      'an unknown answer format',
      { query: 'caller=380671112233&answer=xml', headers: {} },
      ['bad_answer_parameter'],
    ],
    [
      'a JSON key with odd characters',
      { query: 'caller=380671112233&field=a%20b', headers: {} },
      ['bad_field_parameter'],
    ],
  ])('names what is unexpected: %s', (_name, raw, unexpected) => {
    expect(readForwardingRequest(raw).unexpected).toEqual(unexpected);
  });

  it('ignores an over-long caller and never lists the token or values among the keys', () => {
    const request = readForwardingRequest({ query: `token=s3cret&caller=${'9'.repeat(65)}`, headers: {} });
    expect(request.caller).toBeUndefined();
    expect(request.keys).toEqual(['caller']);
    expect(JSON.stringify(request)).not.toContain('s3cret');
  });

  it('survives JSON nested 30,000 levels deep (within the 64 KiB body limit) and still finds the caller', () => {
    const deep = `{"caller":"380671112233","x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const request = readForwardingRequest({ query: '', ...json(deep) });
    expect([request.format, request.caller, request.unexpected]).toEqual(['json', '380671112233', []]);
  });

  it('keeps a __proto__ key from replacing the parameters object', () => {
    const request = readForwardingRequest({ query: '', ...json('{"__proto__":{"caller":"380671112233"}}') });
    expect(request.caller).toBeUndefined();
    expect(({} as Record<string, unknown>).caller).toBeUndefined();
  });
});

describe('a JSON-RPC envelope', () => {
  it('is recognised by jsonrpc, or by method with params', () => {
    expect(unwrapJsonRpc({ method: 'm', params: { a: 1 } })).toEqual({
      id: null,
      method: 'm',
      params: { a: 1 },
      problems: ['jsonrpc is not "2.0"', 'no id (a notification)'],
    });
    expect(unwrapJsonRpc({ caller: '1', method: 'x' })).toBeUndefined();
  });
});

describe('rendering the answer', () => {
  const as = (answer: 'http' | 'json' | 'json-rpc') => ({ answer, field: 'destination', rpcId: 'abc' });

  it.each([
    ['http', 'text/plain; charset=utf-8', 'company_manager1', ''],
    ['json', 'application/json; charset=utf-8', '{"destination":"company_manager1"}', '{}'],
    [
      'json-rpc',
      'application/json; charset=utf-8',
      '{"jsonrpc":"2.0","id":"abc","result":{"destination":"company_manager1"}}',
      '{"jsonrpc":"2.0","id":"abc","result":{}}',
    ],
  ] as const)('%s: the destination, or nothing for "no redirect"', (format, type, redirect, none) => {
    expect(renderAnswer(as(format), 'company_manager1')).toEqual({ contentType: type, body: redirect });
    expect(renderAnswer(as(format), undefined)).toEqual({ contentType: type, body: none });
  });

  it('uses the admin-chosen JSON key', () => {
    expect(renderAnswer({ answer: 'json', field: 'number', rpcId: null }, '380671112233').body).toBe(
      '{"number":"380671112233"}',
    );
  });
});
