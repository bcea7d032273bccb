import type { RingostatEvent } from '../../webhook-receiver/src/ringostat/ringostat-event';

/**
 * The calls verify-org logs in the org under test: a client number no real client has (+380 99 plus a
 * random seven-digit tail, a Vodafone Ukraine mobile range) and call ids that say where they come from,
 * so anything left behind by an interrupted run is easy to find (docs/admin-guide.md).
 */
export interface TestCalls {
  runId: string;
  client: string;
  secondClient: string;
  beforeCall: RingostatEvent;
  missed: RingostatEvent;
  missedAgain: RingostatEvent;
  answered: RingostatEvent;
  answeredNewContact: RingostatEvent;
  foreign: RingostatEvent;
}

export function testCalls(runId: string, random: () => number = Math.random): TestCalls {
  const tail = () => String(Math.floor(random() * 9_000_000) + 1_000_000);
  const client = `38099${tail()}`;
  const secondClient = `38099${tail()}`;
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes)).toISOString();
  const base = (callId: string, minutes: number): RingostatEvent => ({
    event: 'after-call',
    callId: `verify-org-${runId}-${callId}`,
    callDate: at(minutes),
    caller: client,
    dst: '380441112233',
    callType: 'in',
    utm: {},
    extra: {},
  });
  const missed: RingostatEvent = {
    ...base('missed', 0),
    disposition: 'NO ANSWER',
    billsec: 0,
    duration: 30,
    waittime: 30,
  };
  return {
    runId,
    client,
    secondClient,
    beforeCall: { ...base('missed', 0), event: 'before-call' },
    missed,
    missedAgain: { ...missed, recordingUrl: 'https://app.ringostat.com/recordings/verify-org.mp3' },
    answered: { ...base('answered', 5), disposition: 'ANSWERED', billsec: 40, duration: 50, waittime: 10 },
    answeredNewContact: {
      ...base('new-contact', 10),
      caller: secondClient,
      disposition: 'ANSWERED',
      billsec: 20,
      duration: 25,
      waittime: 5,
    },
    foreign: { ...base('foreign', 15), disposition: 'ANSWERED', billsec: 10, duration: 12, waittime: 2 },
  };
}
