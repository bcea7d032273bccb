import {
  parseRecordingHosts,
  RINGOSTAT_RECORDING_HOSTS,
  recordingPolicy,
} from '../../webresources/src/shared/recording-hosts';
import { CallResult, recordingState, safeHttpUrl } from '../../webresources/src/shared/recording-state';

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

  it('ringo_RecordingHosts adds hosts and *.suffix patterns; the page’s own origin is allowed', () => {
    const policy = {
      hosts: [
        ...RINGOSTAT_RECORDING_HOSTS,
        ...parseRecordingHosts(' rec.example.com,*.cdn.example\nbad host, '),
      ],
      pageOrigin: 'http://127.0.0.1:5600',
    };
    const kind = (url: string) => recordingState({ recordingUrl: url, callResult: 1 }, policy).kind;
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

  it('safeHttpUrl keeps http(s) URLs and drops everything else', () => {
    expect(safeHttpUrl('https://a.example/x y')).toBe('https://a.example/x%20y');
    expect(safeHttpUrl('vbscript:msgbox')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
