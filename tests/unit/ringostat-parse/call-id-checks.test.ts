import { checkCallId, linkCallIds } from '../../../webhook-receiver/src/ringostat/call-id-checks';
import { parseRingostatEvent } from '../../../webhook-receiver/src/ringostat/parse-ringostat-event';

const ID = 'ua18_-1791545397.2215926';
const recording = (id: string, ext = 'mp3') =>
  `https://app.ringostat.com/recordings/${id}.${ext}?token=fe60f9`;
const card = (id: string) => `https://app.ringostat.com/project/callcards/card/${id}/?project_id=11111`;

describe('the ids embedded in Ringostat links', () => {
  test('are read from recording (any audio or vtt extension) and call-card links on Ringostat hosts only', () => {
    expect(
      linkCallIds({
        recording: recording(ID, 'ogg'),
        recording_wav: recording(ID, 'wav'),
        call_card: card(ID),
        other: `https://files.example.com/recordings/${ID}.mp3`,
        broken: 'not a url',
      }),
    ).toEqual({ recording: ID, recording_wav: ID, call_card: ID });
  });
});

describe('checkCallId', () => {
  test('a call id that agrees with its links, or a call without links, passes', () => {
    expect(checkCallId(ID, { recording: recording(ID), call_card: card(ID) })).toBeUndefined();
    expect(checkCallId(ID, {})).toBeUndefined();
  });

  test.each([['0'], ['1']])('"%s" is the unique_call flag, refused with the item to pick', (id) => {
    expect(checkCallId(id, {})).toEqual({
      pattern: 'flag-value',
      message: expect.stringMatching(/0\/1 flag unique_call.*uniqueid/),
    });
  });

  test('an id that differs from the one in the recording link is the wrong list item', () => {
    expect(checkCallId('3333333333.3333333', { recording: recording(ID) })).toEqual({
      pattern: 'link-mismatch',
      message: expect.stringMatching(
        /not the id in the recording link \("ua18_-1791545397.2215926"\).*logged twice/,
      ),
    });
  });

  test('links that name two different calls are refused too', () => {
    expect(checkCallId(ID, { recording: recording(ID), call_card: card('other.1') })?.pattern).toBe(
      'link-mismatch',
    );
  });
});

describe('the parser refuses a wrong pick with the pattern named', () => {
  const call = {
    calldate: '2026-03-02 14:05:11',
    caller: '380671112233',
    dst: '380441112233',
    disposition: 'ANSWERED',
    billsec: 10,
  };

  test('unique_call picked for uniqueid', () => {
    const result = parseRingostatEvent('after-call', { ...call, uniqueid: '1' }, { timeZone: 'Europe/Kyiv' });
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'uniqueid', message: expect.any(String), pattern: 'flag-value' }],
    });
  });

  test('call_id2 picked for uniqueid, caught by the call card link', () => {
    const result = parseRingostatEvent(
      'after-call',
      { ...call, uniqueid: '98765', call_card: card(ID) },
      { timeZone: 'Europe/Kyiv' },
    );
    expect(result.ok ? [] : result.problems.map((p) => p.pattern)).toEqual(['link-mismatch']);
  });
});
