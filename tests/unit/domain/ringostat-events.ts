import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';

/** Parsed webhooks as the intake hands them over, modelled on ../../../../shared/ringostat-webhooks.md. */
export function incomingAnswered(over: Partial<RingostatEvent> = {}): RingostatEvent {
  return {
    event: 'after-call',
    callId: 'ua18_-1791545397.2215926',
    callDate: '2026-03-02T12:05:11.000Z',
    caller: '380671112233',
    dst: '380441112233',
    callType: 'in',
    disposition: 'ANSWERED',
    duration: 95,
    billsec: 80,
    waittime: 15,
    employeeNumber: '111111',
    employeeFio: 'Іван Петренко',
    hasRecording: true,
    recordingUrl: 'https://app.ringostat.com/recordings/ua18_-1791545397.2215926.mp3?token=fe60',
    callCardUrl: 'https://app.ringostat.com/calls/ua18_-1791545397.2215926',
    utm: { source: 'google', medium: 'cpc', campaign: 'brand' },
    extra: {},
    ...over,
  };
}

export function incomingMissed(over: Partial<RingostatEvent> = {}): RingostatEvent {
  return {
    event: 'after-call',
    callId: 'ua18_-1791545400.2215990',
    callDate: '2026-03-02T12:20:03.000Z',
    caller: '380501234567',
    dst: '380441112233',
    callType: 'in',
    disposition: 'NO ANSWER',
    duration: 36,
    billsec: 0,
    waittime: 36,
    hasRecording: false,
    utm: {},
    extra: {},
    ...over,
  };
}

export function outgoingAnswered(over: Partial<RingostatEvent> = {}): RingostatEvent {
  return {
    event: 'after-outgoing-call',
    callId: 'ua18_-1791546001.2216100',
    callDate: '2026-03-02T13:01:40.000Z',
    caller: 'company_manager1',
    callerName: 'Іван Петренко',
    dst: '380671112233',
    callType: 'out',
    disposition: 'ANSWERED',
    duration: 50,
    billsec: 23,
    employeeNumber: '111111',
    hasRecording: true,
    recordingUrl: 'https://app.ringostat.com/recordings/ua18_-1791546001.2216100.mp3?token=ab12',
    utm: {},
    extra: {},
    ...over,
  };
}

export function outgoingMissed(over: Partial<RingostatEvent> = {}): RingostatEvent {
  const event = outgoingAnswered({
    callId: 'ua18_-1791546050.2216222',
    disposition: 'CLIENT NO ANSWER',
    duration: 30,
    billsec: 0,
    hasRecording: false,
  });
  delete event.recordingUrl;
  return { ...event, ...over };
}

export function beforeCall(over: Partial<RingostatEvent> = {}): RingostatEvent {
  return {
    event: 'before-call',
    callId: 'ua18_-1791547000.2217000',
    callDate: '2026-03-02T14:00:00.000Z',
    caller: '380501234567',
    dst: '380441112233',
    utm: {},
    extra: {},
    ...over,
  };
}
