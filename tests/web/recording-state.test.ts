import {
  parseRecordingHosts,
  RINGOSTAT_RECORDING_HOSTS,
  recordingPolicy,
} from '../../webresources/src/shared/recording-hosts';
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
    ['an https link to Ringostat', 'https://app.ringostat.com/recordings/x.mp3?token=ab', 'playable'],
    ['an https link with the host in capitals', 'https://APP.ringostat.com/recordings/x.mp3', 'playable'],
    ['an http link to Ringostat', 'http://app.ringostat.com/recordings/x.mp3', 'refused'],
    ['an http link elsewhere', 'http://127.0.0.1:9/x.wav', 'refused'],
    ['an https link to another host', 'https://tracker.example/x.mp3', 'refused'],
    ['a look-alike host', 'https://app.ringostat.com.evil.example/x.mp3', 'refused'],
    ['a host that ends like it', 'https://evilapp.ringostat.com/x.mp3', 'refused'],
    ['a link with credentials', 'https://user:pw@app.ringostat.com/x.mp3', 'refused'],
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

  it('ringo_RecordingHosts adds hosts and *.suffix patterns; the page’s own origin is allowed', () => {
    const policy = {
      hosts: [
        ...RINGOSTAT_RECORDING_HOSTS,
        ...parseRecordingHosts(' rec.example.com,*.cdn.example\nbad host, '),
      ],
      pageOrigin: 'http://127.0.0.1:5600',
    };
    const kind = (url: string) => recordingState({ recordingUrl: url, callResult: 1 }, NOW, policy).kind;
    expect(policy.hosts).toEqual(['app.ringostat.com', 'rec.example.com', '*.cdn.example']);
    expect(kind('https://rec.example.com/a.mp3')).toBe('playable');
    expect(kind('https://eu.cdn.example/a.mp3')).toBe('playable');
    expect(kind('https://cdn.example/a.mp3')).toBe('refused');
    expect(kind('http://127.0.0.1:5600/preview/recordings/a.wav')).toBe('playable');
    expect(kind('http://127.0.0.1:5601/a.wav')).toBe('refused');
  });

  it('reads ringo_RecordingHosts through the Web API, and keeps Ringostat’s hosts when it cannot', async () => {
    const rows: Record<string, Record<string, unknown>[]> = {
      environmentvariabledefinition: [
        { schemaname: 'ringo_RecordingHosts', defaultvalue: null, environmentvariabledefinitionid: 'D1' },
      ],
      environmentvariablevalue: [
        {
          value: 'rec.example.com',
          _environmentvariabledefinitionid_value: 'd1',
          environmentvariablevalueid: 'v',
        },
      ],
    };
    const webApi = { retrieveMultipleRecords: async (table: string) => ({ entities: rows[table] ?? [] }) };
    expect((await recordingPolicy(webApi)).hosts).toEqual(['app.ringostat.com', 'rec.example.com']);
    const failing = { retrieveMultipleRecords: () => Promise.reject(new Error('no privilege')) };
    expect(await recordingPolicy(failing, 'https://org.crm4.dynamics.com')).toEqual({
      hosts: ['app.ringostat.com'],
      pageOrigin: 'https://org.crm4.dynamics.com',
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
