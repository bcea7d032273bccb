import { CallResult, recordingState, safeHttpUrl } from '../../webresources/src/shared/recording-state';

describe('which recording state a call shows', () => {
  it.each([
    ['an https link', 'https://app.ringostat.com/recordings/x.mp3?token=ab', 'playable'],
    ['an http link', 'http://127.0.0.1:9/x.wav', 'playable'],
    ['a javascript: link', 'javascript:alert(1)', 'refused'],
    ['a JavaScript: link with spaces and case', '  JaVaScRiPt:alert(1)', 'refused'],
    ['a data: link', 'data:audio/wav;base64,AAAA', 'refused'],
    ['a relative path', '/recordings/x.mp3', 'refused'],
  ])('%s is %s', (_what, url, kind) => {
    expect(recordingState({ recordingUrl: url, callResult: CallResult.answered }).kind).toBe(kind);
  });

  it('a missed call without a link has no recording', () => {
    expect(recordingState({ recordingUrl: null, callResult: CallResult.missed })).toEqual({ kind: 'missed' });
  });

  it('an answered call without a link is waiting for Ringostat', () => {
    expect(recordingState({ recordingUrl: '  ', callResult: CallResult.answered })).toEqual({
      kind: 'not-ready',
    });
  });

  it('safeHttpUrl keeps http(s) URLs and drops everything else', () => {
    expect(safeHttpUrl('https://a.example/x y')).toBe('https://a.example/x%20y');
    expect(safeHttpUrl('vbscript:msgbox')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
