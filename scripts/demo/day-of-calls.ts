import { DEMO_STAFF } from './seed';

/**
 * A realistic day at a small sales desk, as the webhook deliveries Ringostat would make: the eight seed
 * scenarios (incoming/outgoing × answered/missed × known/new number), a delivery Ringostat retries, an
 * after-call that overtakes its before-call, a number two contacts share, and the three body formats
 * (JSON, form, query string). Numbers of "new" clients are random per run so every run creates contacts.
 */
export type Format = 'json' | 'form' | 'query';

export interface Delivery {
  event: 'before-call' | 'after-call' | 'after-outgoing-call' | 'call-ai';
  format: Format;
  params: Record<string, string | number>;
  /** What the delivery demonstrates, printed by the simulator. */
  note: string;
  /** When it is sent ("YYYY-MM-DD HH:MM:SS"), for deliveries without a calldate parameter. */
  at?: string;
}

export interface PlannedCall {
  callId: string;
  label: string;
  deliveries: Delivery[];
}

/** Numbers the demo seed stores (scripts/demo/seed.ts), as Ringostat sends them. */
export const KNOWN_NUMBERS = {
  taras: '380671112233',
  oksana: '380501234567',
  ihor: '380931234567',
  natalia: '380631234567',
  petro: '380667654321',
} as const;

const COMPANY_LINE = '380441112233';

const RINGOSTAT_RECORDINGS = 'https://app.ringostat.com/recordings';

export function dayOfCalls(options: {
  day: string;
  runId: string;
  random: () => number;
  recordingBaseUrl?: string;
}): PlannedCall[] {
  const recordings = options.recordingBaseUrl ?? RINGOSTAT_RECORDINGS;
  const extension = recordings === RINGOSTAT_RECORDINGS ? 'mp3' : 'wav';
  const newNumber = () => `38099${String(Math.floor(options.random() * 1e7)).padStart(7, '0')}`;
  let n = 0;
  const id = () => `sim-${options.runId}-${++n}`;
  const at = (hhmm: string) => `${options.day} ${hhmm}:00`;

  const incoming = (label: string, caller: string, time: string, staff: string | undefined, talk: number) => {
    const callId = id();
    const base = { uniqueid: callId, calldate: at(time), caller, dst: COMPANY_LINE };
    const after = {
      ...base,
      call_type: 'in',
      disposition: talk > 0 ? 'ANSWERED' : 'NO ANSWER',
      billsec: talk,
      duration: talk + 12,
      waittime: 12,
      employee_number: staff ?? '-1',
      has_recording: talk > 0 ? '1' : '0',
      recording: talk > 0 ? `${recordings}/${callId}.${extension}?token=demo` : '',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring-sale',
    };
    return { callId, label, base, after };
  };
  const outgoing = (
    label: string,
    client: string,
    time: string,
    staff: string,
    talk: number,
  ): PlannedCall => {
    const callId = id();
    return {
      callId,
      label,
      deliveries: [
        {
          event: 'after-outgoing-call',
          format: 'json',
          note: 'after outgoing call',
          params: {
            uniqueid: callId,
            calldate: at(time),
            call_type: 'out',
            caller: `"Agent ${staff}" <sip_${staff}>`,
            dst: client,
            disposition: talk > 0 ? 'ANSWERED' : 'CLIENT NO ANSWER',
            billsec: talk,
            duration: talk + 8,
            employee_number: staff,
          },
        },
      ],
    };
  };
  const ordinary = (call: ReturnType<typeof incoming>, format: Format = 'json'): PlannedCall => ({
    callId: call.callId,
    label: call.label,
    deliveries: [
      { event: 'before-call', format: 'query', note: 'before call', params: call.base },
      { event: 'after-call', format, note: 'after call', params: call.after },
    ],
  });

  const retriedCall = (call: ReturnType<typeof incoming>): PlannedCall => {
    const planned = ordinary(call);
    const again = 'after call again (Ringostat retry)';
    planned.deliveries.push({ event: 'after-call', format: 'json', note: again, params: call.after });
    return planned;
  };
  // Ringostat AI sends its analysis some minutes after the call ("Call processed by AI" webhook,
  // docs/adr/0114); the receiver writes it onto the phone call with the transcript as a note.
  const analysedCall = (call: ReturnType<typeof incoming>): PlannedCall => {
    const planned = ordinary(call);
    planned.deliveries.push({
      event: 'call-ai',
      format: 'json',
      note: 'AI analysis of the call',
      at: at('16:05'),
      params: {
        uniqueid: call.callId,
        ai_summary: 'The client asked about the corner sofa "Oskar"; delivery agreed for Thursday.',
        ai_client_mood: 'Interested, friendly',
        ai_employee_mood: 'Calm, attentive',
        ai_overall_mood: 'Short positive conversation',
        ai_recommendations: 'Send the invoice\nConfirm Thursday delivery',
        ai_transcript: DEMO_TRANSCRIPT,
      },
    });
    return planned;
  };
  const overtakenCall = (call: ReturnType<typeof incoming>): PlannedCall => ({
    callId: call.callId,
    label: call.label,
    deliveries: [
      { event: 'after-call', format: 'json', note: 'after call (arrives first)', params: call.after },
      { event: 'before-call', format: 'query', note: 'before call (late)', params: call.base },
    ],
  });

  // In the order of the day, so the call ids (sim-<run>-1, -2, …) count up with the time.
  const day: PlannedCall[] = [
    ordinary(incoming('incoming answered, known client', KNOWN_NUMBERS.taras, '09:05', DEMO_STAFF.ivan, 185)),
    ordinary(incoming('incoming answered, new client', newNumber(), '09:40', DEMO_STAFF.maria, 96)),
    ordinary(incoming('incoming missed, known client', KNOWN_NUMBERS.oksana, '10:15', undefined, 0), 'form'),
    ordinary(incoming('incoming missed, new client', newNumber(), '10:50', undefined, 0), 'form'),
    outgoing('outgoing answered, known client', KNOWN_NUMBERS.ihor, '11:20', DEMO_STAFF.andrii, 240),
    outgoing('outgoing answered, new client', newNumber(), '11:45', DEMO_STAFF.ivan, 75),
    retriedCall(incoming('retried delivery', newNumber(), '12:10', DEMO_STAFF.maria, 64)),
    overtakenCall(incoming('after-call before before-call', newNumber(), '13:30', DEMO_STAFF.andrii, 48)),
    outgoing('outgoing unanswered, known client', KNOWN_NUMBERS.natalia, '14:05', DEMO_STAFF.maria, 0),
    outgoing('outgoing unanswered, new client', newNumber(), '14:30', DEMO_STAFF.ivan, 0),
    analysedCall(
      incoming('number shared by two contacts', KNOWN_NUMBERS.petro, '16:00', DEMO_STAFF.ivan, 130),
    ),
  ];
  // Played in the order of the day.
  return day.sort((a, b) => startOf(a).localeCompare(startOf(b)));
}

/** The transcript of the AI-analysed call, inline as Ringostat may send it (WebVTT). */
const DEMO_TRANSCRIPT = `WEBVTT

00:00:00.000 --> 00:00:02.500
<v Manager>Good afternoon, Mebli furniture, Ivan speaking.

00:00:02.500 --> 00:00:05.000
<v Client>Hello. Is the corner sofa "Oskar" in stock?

00:00:05.000 --> 00:00:08.000
<v Manager>Yes, grey and blue. We can deliver on Thursday.
`;

function startOf(call: PlannedCall): string {
  return String(call.deliveries[0]?.params.calldate ?? '');
}
