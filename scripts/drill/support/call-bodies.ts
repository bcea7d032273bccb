/**
 * Realistic Ringostat webhook bodies (the contract in docs/webhook-parameters.md) for the drills: one call
 * is a before-call and an after-call (incoming) or a single after-outgoing-call. Client numbers repeat
 * across calls (`clients` distinct numbers), so contact creation is contended like on a busy line.
 */
export type DrillEvent = 'before-call' | 'after-call' | 'after-outgoing-call';

export interface DrillCall {
  callId: string;
  direction: 'incoming' | 'outgoing';
  client: string;
  /** The events Ringostat sends for this call, in the order it sends them. */
  events: DrillEvent[];
}

export function drillCalls(count: number, options: { prefix: string; clients?: number }): DrillCall[] {
  const clients = Math.max(1, options.clients ?? Math.ceil(count / 3));
  return Array.from({ length: count }, (_, i) => {
    const incoming = i % 10 < 7;
    // A multiplicative walk over the client pool: neighbouring calls rarely share a number, but many do.
    const client = `38067${String(1_000_000 + ((i * 7919) % clients)).padStart(7, '0')}`;
    return {
      callId: `${options.prefix}_${i}.${(i * 104_729) % 1_000_003}`,
      direction: incoming ? 'incoming' : 'outgoing',
      client,
      events: incoming ? ['before-call', 'after-call'] : ['after-outgoing-call'],
    };
  });
}

export function webhookBody(call: DrillCall, event: DrillEvent): string {
  const answered = Number(call.callId.split('.')[1] ?? 0) % 3 !== 0;
  const common = { uniqueid: call.callId, calldate: '2026-03-02 14:05:11' };
  if (event === 'before-call')
    return JSON.stringify({ ...common, call_type: 'in', caller: call.client, dst: '380441112233' });
  const result = {
    disposition: answered ? 'ANSWERED' : 'NO ANSWER',
    duration: '95',
    billsec: answered ? '80' : '0',
    waittime: '15',
    employee_number: answered ? '111111' : '-1',
    employee_fio: answered ? 'Іван Петренко' : '',
  };
  if (event === 'after-outgoing-call')
    return JSON.stringify({
      ...common,
      ...result,
      call_type: 'out',
      caller: '"Іван Петренко" <company_manager1>',
      dst: call.client,
    });
  return JSON.stringify({
    ...common,
    ...result,
    call_type: 'in',
    caller: call.client,
    dst: '380441112233',
    has_recording: answered ? '1' : '0',
    recording: answered
      ? `https://app.ringostat.com/recordings/${call.callId}.mp3?token=fe60f9f4e172935459b9053daf647f20`
      : '',
    utm_source: 'google',
  });
}
