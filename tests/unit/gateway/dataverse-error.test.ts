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

  it('takes the failing part of a rejected $batch', () => {
    const error = toDataverseError([
      undefined,
      libraryError({
        status: 400,
        code: '0x80040203',
        message: 'Cannot update Closed or Cancelled Activity',
      }),
    ]);
    expect(error).toMatchObject({ status: 400, code: '0x80040203' });
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
