import { readCallsListAnswer } from '../../../webhook-receiver/src/ringostat-api/calls-list-answer';

describe('readCallsListAnswer: what a 2xx of /calls/list means', () => {
  test.each([[''], ['  \n'], ['null'], ['[]'], ['{}'], ['{"data":[]}'], ['{"data":null}']])(
    '%p is an empty period, not a failure',
    (text) => {
      expect(readCallsListAnswer(text)).toEqual({ kind: 'empty' });
    },
  );

  test('a JSON array, or one under "data", is the calls', () => {
    expect(readCallsListAnswer('[{"uniqueid":"u1"}]')).toEqual({ kind: 'rows', rows: [{ uniqueid: 'u1' }] });
    expect(readCallsListAnswer('{"data":[{"uniqueid":"u2"}]}')).toEqual({
      kind: 'rows',
      rows: [{ uniqueid: 'u2' }],
    });
  });

  test.each([
    ['{"error":"incorrect field: landing"}', 'landing'],
    ['{"status":"error","message":"Incorrect field \\"client_id\\""}', 'client_id'],
    ['incorrect field refferrer', 'refferrer'],
    ['{"error":{"code":1,"message":"incorrect field=scheme_name"}}', 'scheme_name'],
  ])('%s names the refused field', (text, field) => {
    expect(readCallsListAnswer(text)).toMatchObject({ kind: 'incorrect-field', field });
  });

  test('an "incorrect field" without a name is still that kind, without a field', () => {
    expect(readCallsListAnswer('{"error":"incorrect field"}')).toEqual({
      kind: 'incorrect-field',
      message: 'incorrect field',
    });
  });

  test.each([
    ['{"error":"It is not possible to export more than 6500 calls in one request"}', 'limit'],
    ['{"error":"too_many_calls","limit":6500}', 'limit'],
    ['{"error":"Auth-key is invalid"}', 'auth'],
    ['{"errors":["bad date in from"]}', 'error'],
    ['Internal error, try later', 'error'],
  ])('%s is an error of kind %s', (text, kind) => {
    expect(readCallsListAnswer(text).kind).toBe(kind);
  });

  test.each([['<html>hello</html>'], ['42'], ['"text"'], ['[1,2]'], ['{"calls":"?"}']])(
    '%s is unreadable, never silently zero calls',
    (text) => {
      expect(readCallsListAnswer(text).kind).toBe('unreadable');
    },
  );
});
