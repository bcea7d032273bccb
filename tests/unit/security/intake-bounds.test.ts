import {
  exceedsDepth,
  intakeBoundsProblems,
  nestingProblems,
} from '../../../webhook-receiver/src/ringostat/intake-bounds';

const NOW = new Date('2026-03-02T12:00:00Z');
const ok = { callId: 'ua18_-1791545397.2215926', callDate: '2026-03-02T11:00:00.000Z', seconds: {} };

describe('intakeBoundsProblems', () => {
  test('a real call is within bounds', () => {
    expect(intakeBoundsProblems({ ...ok, seconds: { billsec: 80, duration: 95 } }, NOW)).toEqual([]);
  });

  test.each([
    ['uniqueid', { callId: 'a b' }],
    ['uniqueid', { callId: 'ї' }],
    ['uniqueid', { callId: '\u0000' }],
    ['uniqueid', { callId: 'x'.repeat(101) }],
    ['billsec', { seconds: { billsec: 86_401 } }],
    ['waittime', { seconds: { waittime: -1 } }],
    ['calldate', { callDate: '1999-12-31T23:59:59.000Z' }],
    ['calldate', { callDate: '2026-03-03T12:00:01.000Z' }],
  ])('%s out of bounds: %j', (field, change) => {
    expect(intakeBoundsProblems({ ...ok, ...change }, NOW)).toEqual([expect.objectContaining({ field })]);
  });

  test('printable ids with characters unsafe in a key URL pass; the edges pass', () => {
    const fields = {
      callId: '/<>*%&:\\?+#',
      callDate: '2026-03-03T12:00:00.000Z',
      seconds: { billsec: 86_400, waittime: 0 },
    };
    expect(intakeBoundsProblems(fields, NOW)).toEqual([]);
  });

  test('without a clock only the lower date bound applies (history imports)', () => {
    expect(intakeBoundsProblems({ ...ok, callDate: '2031-01-01T00:00:00.000Z' })).toEqual([]);
  });
});

describe('nesting', () => {
  const deep = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };

  test('exceedsDepth counts objects and lists, scalars are level 0', () => {
    expect(exceedsDepth('text', 0)).toBe(false);
    expect(exceedsDepth({}, 0)).toBe(true);
    expect(exceedsDepth(deep(8), 8)).toBe(false);
    expect(exceedsDepth(deep(9), 8)).toBe(true);
  });

  test('a million levels are measured without overflowing the stack', () => {
    expect(exceedsDepth(deep(1_000_000), 8)).toBe(true);
  });

  test('nestingProblems names each parameter that is too deep (the body counts as one level)', () => {
    expect(nestingProblems({ ok: deep(7), bad: deep(8), text: 'x' })).toEqual([
      { field: 'bad', message: 'nested deeper than 8 levels' },
    ]);
  });
});
