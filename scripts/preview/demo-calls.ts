/**
 * Demo phone calls for the preview and the browser tests, written straight into the Dataverse emulator.
 * They cover every state the pages show: answered with a playable recording, missed, answered but the
 * recording not ready, an expired link, and a `javascript:` link that must be refused; plus contact and
 * employee names containing HTML, which must render as text.
 */
export interface EmulatorSeeder {
  insert(entity: string, row: Record<string, unknown>): string;
}

export interface DemoIds {
  readonly employees: readonly string[];
  readonly contacts: readonly string[];
  /** activityid by role: playable, missed, notReady, expired, javascript, and the rest in `others`. */
  readonly calls: {
    readonly playable: string;
    readonly missed: string;
    readonly notReady: string;
    readonly expired: string;
    readonly javascript: string;
    readonly others: readonly string[];
  };
}

const ANSWERED = 107350000;
const MISSED = 107350001;
/** Newest demo call; every other call is an hour older than the one before (fixed, so screenshots are stable). */
export const DEMO_LATEST = Date.UTC(2026, 2, 2, 16, 0, 0);

export interface DemoOptions {
  /** Where recordings are served (the preview's /preview/recordings/). */
  readonly recordingBaseUrl: string;
  /** Extra ordinary calls beyond the five special ones (default 25). */
  readonly extraCalls?: number;
}

export function seedDemoCalls(emulator: EmulatorSeeder, options: DemoOptions): DemoIds {
  const base = options.recordingBaseUrl.replace(/\/+$/, '');
  const employees = [
    emulator.insert('systemuser', {
      firstname: 'Іван',
      lastname: 'Петренко',
      internalemailaddress: 'ivan@example.com',
    }),
    emulator.insert('systemuser', {
      firstname: 'Olena',
      lastname: '<b>Kovalenko</b>',
      internalemailaddress: 'olena@example.com',
    }),
  ];
  const contacts = [
    emulator.insert('contact', { firstname: 'Марія', lastname: 'Шевченко', mobilephone: '+380671112233' }),
    emulator.insert('contact', {
      firstname: '<img src=x onerror="window.__ringoXss=1">',
      lastname: '<script>window.__ringoXss=2</script>',
      mobilephone: '+380501234567',
    }),
    emulator.insert('contact', { mobilephone: '+380931112244' }),
  ];
  let n = 0;
  const call = (values: {
    result: number;
    outgoing?: boolean;
    recording?: string | null;
    contact?: number;
    employee?: number;
    talk?: number;
    open?: boolean;
  }): string => {
    n += 1;
    const start = new Date(DEMO_LATEST - (n - 1) * 3_600_000);
    const contact = contacts[(values.contact ?? n) % contacts.length] as string;
    const employee = employees[(values.employee ?? n) % employees.length] as string;
    const answered = values.result === ANSWERED;
    const talk = answered ? (values.talk ?? 20 + ((n * 37) % 300)) : 0;
    const phone = ['+380671112233', '+380501234567', '+380931112244'][
      (values.contact ?? n) % contacts.length
    ];
    return emulator.insert('phonecall', {
      subject: `${values.outgoing ? 'Outgoing' : 'Incoming'} call ${phone}`,
      phonenumber: phone,
      directioncode: values.outgoing === true,
      actualstart: start.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      actualend: new Date(start.getTime() + (talk + 10) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ringo_callid: `demo-${n}`,
      ringo_callresult: values.result,
      ringo_disposition: answered ? 'ANSWERED' : 'NO ANSWER',
      ringo_talkseconds: talk,
      ringo_waitseconds: 8,
      ringo_durationseconds: talk + 8,
      ringo_recordingurl:
        values.recording === undefined ? (answered ? `${base}/demo-${n}.wav` : null) : values.recording,
      ringo_callcardurl: `https://app.ringostat.com/calls/demo-${n}`,
      ringo_employeename: n % 2 ? 'Іван Петренко' : 'Olena Kovalenko',
      regardingobjectid: { id: contact, entity: 'contact' },
      ownerid: { id: employee, entity: 'systemuser' },
      // Closed calls are read-only; the one whose recording is still coming stays open so it can get it.
      statecode: values.open ? 0 : 1,
      statuscode: values.open ? 1 : values.outgoing ? 2 : 4,
    });
  };
  const playable = call({ result: ANSWERED, contact: 0, employee: 0, talk: 6 });
  const missed = call({ result: MISSED, contact: 1, employee: 1 });
  const notReady = call({ result: ANSWERED, recording: null, contact: 2, open: true });
  const expired = call({
    result: ANSWERED,
    recording: `${base}/expired-demo.wav`,
    contact: 0,
    outgoing: true,
  });
  const javascript = call({ result: ANSWERED, recording: 'javascript:window.__ringoXss=3', contact: 1 });
  const others: string[] = [];
  for (let i = 0; i < (options.extraCalls ?? 25); i += 1) {
    others.push(call({ result: i % 3 === 2 ? MISSED : ANSWERED, outgoing: i % 4 === 1 }));
  }
  return { employees, contacts, calls: { playable, missed, notReady, expired, javascript, others } };
}
