import {
  DataverseError,
  isTransient,
  parseRetryAfter,
  toDataverseError,
} from '../../../webhook-receiver/src/dataverse/dataverse-error';

function libraryError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? '')), fields);
}

describe('isTransient', () => {
  it.each([
    [429, true],
    [408, true],
    [401, true],
    [500, true],
    [503, true],
    [400, false],
    [403, false],
    [404, false],
    [412, false],
  ])('HTTP %i → transient: %s', (status, transient) => {
    expect(isTransient(new DataverseError('x', status))).toBe(transient);
  });

  it('treats network failures as transient and foreign errors as not', () => {
    expect(isTransient(new DataverseError('reset', undefined, 'ECONNRESET'))).toBe(true);
    expect(isTransient(new TypeError('bug'))).toBe(false);
  });
});

describe('toDataverseError', () => {
  it('keeps status, OData code, message and Retry-After of a library error', () => {
    const error = toDataverseError(
      libraryError({
        status: 429,
        code: '0x80072322',
        message: 'Number of requests exceeded',
        headers: { 'retry-after': '7' },
      }),
    );
    expect(error).toMatchObject({
      status: 429,
      code: '0x80072322',
      message: 'Number of requests exceeded',
      retryAfterMs: 7000,
    });
    expect((error as DataverseError).describe()).toBe(
      'Dataverse 429 0x80072322: Number of requests exceeded',
    );
  });

  it('takes the code and message of the failing part of a rejected $batch', () => {
    // dynamics-web-api copies a failed part's parsed body onto an empty Error: `error: {code, message}`.
    const part = Object.assign(new Error(), {
      error: { code: '0x80040237', message: 'Cannot insert duplicate key.' },
      status: 412,
      statusText: 'Precondition Failed',
      headers: {},
    });
    const error = toDataverseError([undefined, part]);
    expect(error).toMatchObject({ status: 412, code: '0x80040237', message: 'Cannot insert duplicate key.' });
  });

  it('treats an empty error code (Learn shows "code": "" on 412s) as no code', () => {
    const part = Object.assign(new Error(), { error: { code: '', message: 'x' }, status: 412 });
    expect(toDataverseError(part)).toMatchObject({ status: 412, code: undefined });
  });

  it('turns socket failures into network errors without a status', () => {
    const error = toDataverseError(libraryError({ code: 'ECONNRESET', message: 'socket hang up' }));
    expect(error).toBeInstanceOf(DataverseError);
    expect((error as DataverseError).status).toBeUndefined();
  });

  it('leaves programming errors alone so they are never retried as an outage', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(toDataverseError(bug)).toBe(bug);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
