import { HasRecording } from '../../webresources/src/shared/call-outcome';
import {
  CallResult,
  NOT_READY_MINUTES,
  recordingState,
  safeHttpUrl,
} from '../../webresources/src/shared/recording-state';

const NOW = new Date('2026-03-02T16:10:00Z');
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

describe('which recording state a call shows', () => {
  it.each([
    ['an https link', 'https://app.ringostat.com/recordings/x.mp3?token=ab', 'playable'],
    ['an http link', 'http://127.0.0.1:9/x.wav', 'playable'],
    ['a javascript: link', 'javascript:alert(1)', 'refused'],
    ['a JavaScript: link with spaces and case', '  JaVaScRiPt:alert(1)', 'refused'],
    ['a data: link', 'data:audio/wav;base64,AAAA', 'refused'],
    ['a relative path', '/recordings/x.mp3', 'refused'],
  ])('%s is %s', (_what, url, kind) => {
    expect(recordingState({ recordingUrl: url, callResult: CallResult.answered }, NOW).kind).toBe(kind);
  });

  it('an incoming call nobody took has no recording because it was missed', () => {
    expect(
      recordingState({ recordingUrl: null, callResult: CallResult.missed, outgoing: false }, NOW),
    ).toEqual({
      kind: 'none',
      reason: 'missed',
    });
  });

  it('an outgoing call the client did not pick up has no recording because nobody answered', () => {
    expect(
      recordingState({ recordingUrl: null, callResult: CallResult.missed, outgoing: true }, NOW),
    ).toEqual({
      kind: 'none',
      reason: 'not-answered',
    });
  });

  it('an answered call Ringostat did not record (has_recording 0) says so at once', () => {
    const call = {
      recordingUrl: null,
      callResult: CallResult.answered,
      hasRecording: HasRecording.no,
      endedAt: minutesAgo(1),
    };
    expect(recordingState(call, NOW)).toEqual({ kind: 'none', reason: 'not-recorded' });
  });

  it(`an answered call without a link is "not ready" only for ${NOT_READY_MINUTES} minutes after it ended`, () => {
    const call = (ended: string) => ({ recordingUrl: '  ', callResult: CallResult.answered, endedAt: ended });
    expect(recordingState(call(minutesAgo(2)), NOW)).toEqual({ kind: 'not-ready' });
    expect(recordingState(call(minutesAgo(NOT_READY_MINUTES - 1)), NOW)).toEqual({ kind: 'not-ready' });
    expect(recordingState(call(minutesAgo(NOT_READY_MINUTES + 1)), NOW)).toEqual({
      kind: 'none',
      reason: 'not-recorded',
    });
  });

  it('has_recording 1 without a link yet is still "not ready" within the time limit', () => {
    const call = {
      recordingUrl: null,
      callResult: CallResult.answered,
      hasRecording: HasRecording.yes,
      endedAt: minutesAgo(3),
    };
    expect(recordingState(call, NOW).kind).toBe('not-ready');
  });

  it('a link wins over every other fact (Ringostat added it later)', () => {
    const call = {
      recordingUrl: 'https://app.ringostat.com/recordings/x.mp3',
      callResult: CallResult.answered,
      hasRecording: HasRecording.no,
      endedAt: minutesAgo(600),
    };
    expect(recordingState(call, NOW).kind).toBe('playable');
  });

  it('safeHttpUrl keeps http(s) URLs and drops everything else', () => {
    expect(safeHttpUrl('https://a.example/x y')).toBe('https://a.example/x%20y');
    expect(safeHttpUrl('vbscript:msgbox')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
