import { parseRingostatEvent } from '../../../webhook-receiver/src/ringostat/parse-ringostat-event';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';

const opts = { timeZone: 'Europe/Kyiv' };

/** The answered incoming call of ringostat-webhooks.md, as JSON values. */
const answered = {
  uniqueid: 'ua18_-1791545397.2215926',
  calldate: '2026-03-02 14:05:11',
  call_type: 'in',
  caller: '380671112233',
  dst: '380441112233',
  disposition: 'ANSWERED',
  duration: 95,
  billsec: 80,
  waittime: '15',
  employee_number: '111111',
  employee_fio: 'Іван Петренко',
  has_recording: '1',
  recording:
    'https://app.ringostat.com/recordings/ua18_-1791545397.2215926.mp3?token=fe60f9f4e172935459b9053daf647f20',
  utm_source: 'google',
  utm_medium: 'cpc',
  utm_campaign: 'brand',
};

function ok(
  event: Parameters<typeof parseRingostatEvent>[0],
  params: Record<string, unknown>,
): RingostatEvent {
  const result = parseRingostatEvent(event, params, opts);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  return result.event;
}

function problems(event: Parameters<typeof parseRingostatEvent>[0], params: Record<string, unknown>) {
  const result = parseRingostatEvent(event, params, opts);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseRingostatEvent', () => {
  test('the documented answered incoming call becomes a typed event', () => {
    expect(ok('after-call', answered)).toEqual({
      event: 'after-call',
      callId: 'ua18_-1791545397.2215926',
      callDate: '2026-03-02T12:05:11.000Z',
      caller: '380671112233',
      dst: '380441112233',
      callType: 'in',
      disposition: 'ANSWERED',
      billsec: 80,
      duration: 95,
      waittime: 15,
      employeeNumber: '111111',
      employeeFio: 'Іван Петренко',
      hasRecording: true,
      recordingUrl: answered.recording,
      utm: { source: 'google', medium: 'cpc', campaign: 'brand' },
      extra: {},
    });
  });

  test('the missed call of a form body: "", "-1" and "0" read as absent, numbers from strings', () => {
    const event = ok('after-call', {
      uniqueid: 'ua18_-1791545400.2215990',
      calldate: '2026-03-02 14:20:03',
      call_type: 'in',
      caller: '380501234567',
      dst: '380441112233',
      disposition: 'no answer',
      duration: '36',
      billsec: '0',
      waittime: '36',
      employee_number: '-1',
      employee_fio: '',
      has_recording: '0',
      recording: '',
    });
    expect(event).toMatchObject({ disposition: 'NO ANSWER', billsec: 0, duration: 36, hasRecording: false });
    expect(event).not.toHaveProperty('employeeNumber');
    expect(event).not.toHaveProperty('employeeFio');
    expect(event).not.toHaveProperty('recordingUrl');
  });

  test.each([['(none)'], ['(not set)'], ['  '], [null]])('utm value %p is absent', (value) => {
    expect(ok('after-call', { ...answered, utm_source: value, utm_term: value }).utm).toEqual({
      medium: 'cpc',
      campaign: 'brand',
    });
  });

  test('a SIP display caller on an outgoing call splits into name and login', () => {
    const event = ok('after-outgoing-call', {
      ...answered,
      call_type: 'out',
      caller: '"Іван Петренко" <company_manager1>',
    });
    expect(event).toMatchObject({ caller: 'company_manager1', callerName: 'Іван Петренко' });
  });

  test('an unquoted display name is split too; a plain number is left alone', () => {
    expect(ok('after-call', { ...answered, caller: 'Support <380671234567>' })).toMatchObject({
      caller: '380671234567',
      callerName: 'Support',
    });
    expect(ok('after-call', answered)).not.toHaveProperty('callerName');
  });

  test('fields nested in an additional_call_data object are lifted; the top level wins', () => {
    const event = ok('before-call', {
      uniqueid: 'x1',
      calldate: '2026-03-02 14:05:11',
      caller: '380501234567',
      additional_call_data: {
        dst: '380441112233',
        call_type: 'callback',
        caller: '380000000000',
        action: 'ring',
      },
    });
    expect(event).toMatchObject({ dst: '380441112233', callType: 'callback', caller: '380501234567' });
    expect(event.extra).toEqual({ action: 'ring' });
  });

  test('additional_call_data as a JSON string, and as form keys in brackets, are lifted as well', () => {
    const base = { uniqueid: 'x2', calldate: '2026-03-02 14:05:11', caller: '380501234567' };
    expect(ok('before-call', { ...base, additional_call_data: '{"dst":"380441112233"}' }).dst).toBe(
      '380441112233',
    );
    expect(ok('before-call', { ...base, 'additional_call_data[dst]': '380441112234' }).dst).toBe(
      '380441112234',
    );
  });

  test('additional_call_data that is not an object is kept in extra, not an error', () => {
    const event = ok('before-call', {
      uniqueid: 'x3',
      calldate: '2026-03-02 14:05:11',
      caller: '380501234567',
      dst: '380441112233',
      additional_call_data: 'not json',
    });
    expect(event.extra).toEqual({ additional_call_data: 'not json' });
  });

  test('every missing required field is named, not just the first', () => {
    expect(problems('after-call', {}).map((p) => p.field)).toEqual([
      'uniqueid',
      'calldate',
      'caller',
      'dst',
      'disposition',
      'billsec',
    ]);
  });

  test('before-call needs no disposition or billsec', () => {
    const { disposition: _d, billsec: _b, ...before } = answered;
    expect(ok('before-call', before).event).toBe('before-call');
    expect(problems('after-outgoing-call', before).map((p) => p.field)).toEqual(['disposition', 'billsec']);
  });

  test('a required field sent as "-1" or "(none)" counts as missing', () => {
    expect(problems('after-call', { ...answered, caller: '(none)', billsec: '-1' })).toEqual([
      { field: 'caller', message: 'required on after-call webhooks, but missing or empty' },
      { field: 'billsec', message: 'required on after-call webhooks, but missing or empty' },
    ]);
  });

  test('wrong types are named with what was expected', () => {
    const found = problems('after-call', {
      ...answered,
      billsec: 'eighty',
      duration: '-5',
      has_recording: 'maybe',
      calldate: 'yesterday',
      employee_fio: { first: 'Іван' },
    });
    expect(found.map((p) => p.field).sort()).toEqual([
      'billsec',
      'calldate',
      'duration',
      'employee_fio',
      'has_recording',
    ]);
    expect(found.find((p) => p.field === 'billsec')?.message).toBe('expected whole seconds, got "eighty"');
  });

  test('a javascript: recording link is a problem, never stored', () => {
    expect(problems('after-call', { ...answered, recording: 'javascript:alert(1)' })).toEqual([
      { field: 'recording', message: 'expected an http(s) link, got a "javascript:" URL' },
    ]);
    expect(problems('after-call', { ...answered, call_card: 'data:text/html,hi' })[0]?.field).toBe(
      'call_card',
    );
  });

  test('recording_wav is the fallback link when recording is absent', () => {
    const wav = `https://app.ringostat.com/recordings/${answered.uniqueid}.wav?token=abc`;
    expect(ok('after-call', { ...answered, recording: '', recording_wav: wav }).recordingUrl).toBe(wav);
  });

  test('unknown keys are kept as text in extra; the token never is', () => {
    const event = ok('after-call', {
      ...answered,
      insertion_type: 'dynamic',
      token: 'secret',
      scheme: {},
    });
    expect(event.extra).toEqual({ insertion_type: 'dynamic', scheme: '{}' });
  });

  test('the attribution fields of the call log are read, with the call log spelling of refferrer', () => {
    const event = ok('after-call', {
      ...answered,
      landing: 'localhost/',
      refferrer: 'http://localhost:3000/',
      client_id: '1169999034.15555555108',
      proper_flag: 1,
      repeated_flag: '0',
      employee_mark: '5',
      scheme_name: 'test schema',
      pool_name: 'Simple nums pool',
      duration_ms: '36000',
    });
    expect(event).toMatchObject({
      landing: 'localhost/',
      referrer: 'http://localhost:3000/',
      gaClientId: '1169999034.15555555108',
      targetCall: true,
      repeatCall: false,
      rating: 5,
      schemeName: 'test schema',
      poolName: 'Simple nums pool',
      durationMs: 36000,
    });
    expect(event.extra).toEqual({});
  });

  test('attribution is optional: a call without any of it parses, and an unrated call (0) has no rating', () => {
    expect(ok('after-call', answered)).not.toHaveProperty('landing');
    expect(ok('after-call', { ...answered, employee_mark: 0 })).not.toHaveProperty('rating');
    expect(ok('after-call', { ...answered, referrer: 'https://google.com/' }).referrer).toBe(
      'https://google.com/',
    );
  });

  test('an unreadable attribution value never refuses the call: it is kept in extra with a warning', () => {
    const event = ok('after-call', { ...answered, proper_flag: 'maybe', employee_mark: '9000' });
    expect(event).not.toHaveProperty('targetCall');
    expect(event).not.toHaveProperty('rating');
    expect(event.extra).toEqual({ proper_flag: 'maybe', employee_mark: '9000' });
    expect(event.warnings).toEqual([
      'proper_flag: expected "1" or "0", got "maybe"; kept in extra',
      'employee_mark: expected a whole number from 0 to 100, got "9000"; kept in extra',
    ]);
  });

  test('call_type "out" on an incoming URL is accepted with a warning; the URL decides', () => {
    const event = ok('after-call', { ...answered, call_type: 'OUT' });
    expect(event.callType).toBe('out');
    expect(event.warnings).toEqual(['call_type "out" on the after-call URL; the URL decides the direction']);
  });

  test('an undocumented call_type is kept in extra with a warning', () => {
    const event = ok('after-call', { ...answered, call_type: 'internal' });
    expect(event).not.toHaveProperty('callType');
    expect(event.extra.call_type).toBe('internal');
    expect(event.warnings).toHaveLength(1);
  });

  test('a call id longer than ringo_callid holds is refused', () => {
    expect(problems('after-call', { ...answered, uniqueid: 'x'.repeat(101) })).toContainEqual({
      field: 'uniqueid',
      message: 'longer than 100 characters',
    });
  });

  test('values are trimmed and dispositions upper-cased', () => {
    const event = ok('after-call', {
      ...answered,
      uniqueid: '  id-1 ',
      recording: '',
      disposition: ' proper ',
      billsec: ' 12 ',
    });
    expect(event).toMatchObject({ callId: 'id-1', disposition: 'PROPER', billsec: 12 });
  });
});
