import { runInNewContext } from 'node:vm';
import { coerceError } from '../../webhook-receiver/src/errors';

describe('coerceError', () => {
  it('keeps an Error as it is', () => {
    const error = new TypeError('bad');
    expect(coerceError(error)).toBe(error);
  });

  it("names an error from another realm (fetch's TimeoutError) by its own text", () => {
    const foreign: unknown = runInNewContext('new Error("from elsewhere")');
    expect(foreign instanceof Error).toBe(false);
    expect(coerceError(foreign).message).toBe('Error: from elsewhere');
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(coerceError(timeout).message).toMatch(/^TimeoutError\b|timeout/);
  });

  it('writes a string as it is and a plain object as JSON', () => {
    expect(coerceError('gone').message).toBe('gone');
    expect(coerceError({ code: 42 }).message).toBe('{"code":42}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(coerceError(circular).message).toBe('[object Object]');
  });
});
