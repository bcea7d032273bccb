/**
 * Demo phone calls for the preview, the screenshots and the browser tests, written straight into the
 * Dataverse emulator. They cover every state the pages show: answered with a playable recording, the
 * newest call whose recording is still coming, missed (incoming), not answered (outgoing), a call
 * Ringostat did not record (has_recording 0), an expired link, and a `javascript:` link that must be
 * refused. With `hostileNames` a contact and an employee carry HTML in their names, which must render
 * as text (tests only; screenshots use realistic names).
 */
export interface EmulatorSeeder {
  insert(entity: string, row: Record<string, unknown>): string;
}

export interface DemoIds {
  readonly employees: readonly string[];
  readonly contacts: readonly string[];
  /** activityid by role; the ordinary calls are in `others`. */
  readonly calls: {
    readonly notReady: string;
    readonly playable: string;
    readonly missed: string;
    readonly notAnswered: string;
    readonly notRecorded: string;
    readonly expired: string;
    readonly javascript: string;
    readonly others: readonly string[];
  };
}

const ANSWERED = 107350000;
const MISSED = 107350001;
const HAS_RECORDING_NO = 107350001;

export interface DemoOptions {
  /** Where recordings are served (the preview's /preview/recordings/). */
  readonly recordingBaseUrl: string;
  /** Extra ordinary calls beyond the special ones (default 25). */
  readonly extraCalls?: number;
  /** The newest call ends a few minutes before this (default: now); fixed for stable screenshots. */
  readonly now?: Date;
  readonly hostileNames?: boolean;
}

const PHONES = ['+380671112233', '+380501234567', '+380931112244', '+380632223344'];

/**
 * What Ringostat's call tracking sends about the visit behind an incoming call (docs/adr/0113), varied so
 * the journal's optional columns show every shape: a long landing page with UTM tags, a value that is not
 * an address (`localhost/`, as the call log really sends), a call with no visit at all.
 */
const LONG_LANDING =
  'https://shop.example.com/catalog/sofas/corner-sofa-milano-grey-velvet-280x180?utm_source=google&utm_medium=cpc&utm_campaign=sofas_kyiv_2026&utm_content=ad_group_corner_sofas&gclid=Cj0KCQiA0MG5BhD1ARIsAEcZtwQ';
const VISITS: readonly (Record<string, unknown> | null)[] = [
  {
    ringo_landing: LONG_LANDING,
    ringo_referrer: 'https://www.google.com/',
    ringo_gaclientid: '1827364512.1767225600',
    ringo_targetcall: true,
    ringo_repeatcall: false,
    ringo_rating: 5,
    ringo_scheme: 'Відділ продажів',
    ringo_pool: 'Google Ads',
  },
  {
    ringo_landing: 'https://shop.example.com/delivery',
    ringo_referrer: 'https://www.facebook.com/',
    ringo_gaclientid: '918273645.1767312000',
    ringo_targetcall: true,
    ringo_repeatcall: true,
    ringo_scheme: 'Відділ продажів',
    ringo_pool: 'Facebook',
  },
  null,
  {
    ringo_landing: 'localhost/',
    ringo_targetcall: false,
    ringo_repeatcall: false,
    ringo_rating: 2,
    ringo_scheme: 'Основна схема',
    ringo_pool: 'Органічний пошук',
  },
];

export function seedDemoCalls(emulator: EmulatorSeeder, options: DemoOptions): DemoIds {
  const base = options.recordingBaseUrl.replace(/\/+$/, '');
  const hostile = options.hostileNames === true;
  const employees = [
    emulator.insert('systemuser', {
      firstname: 'Іван',
      lastname: 'Петренко',
      internalemailaddress: 'ivan@example.com',
    }),
    emulator.insert('systemuser', {
      firstname: 'Олена',
      lastname: hostile ? '<b>Коваленко</b>' : 'Коваленко',
      internalemailaddress: 'olena@example.com',
    }),
    emulator.insert('systemuser', {
      firstname: 'Андрій',
      lastname: 'Шевчук',
      internalemailaddress: 'andrii@example.com',
    }),
  ];
  const contacts = [
    emulator.insert('contact', { firstname: 'Марія', lastname: 'Шевченко', mobilephone: PHONES[0] }),
    hostile
      ? emulator.insert('contact', {
          firstname: '<img src=x onerror="window.__ringoXss=1">',
          lastname: '<script>window.__ringoXss=2</script>',
          mobilephone: PHONES[1],
        })
      : emulator.insert('contact', { firstname: 'Тарас', lastname: 'Мельник', mobilephone: PHONES[1] }),
    // A number Ringostat saw first: the integration created the contact without a name.
    emulator.insert('contact', { mobilephone: PHONES[2], ringo_createdbyringostat: true }),
    emulator.insert('contact', { firstname: 'Оксана', lastname: 'Ткаченко', telephone1: PHONES[3] }),
  ];
  // Whole minutes, so screenshots taken with a fixed clock show round times.
  const latest = Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000 - 5 * 60_000;
  let n = 0;
  const call = (values: {
    visit?: Record<string, unknown>;
    result: number;
    outgoing?: boolean;
    recording?: string | null;
    hasRecording?: number;
    contact?: number;
    employee?: number;
    talk?: number;
    open?: boolean;
  }): string => {
    n += 1;
    const talk = values.result === ANSWERED ? (values.talk ?? 20 + ((n * 37) % 300)) : 0;
    const wait = 5 + ((n * 7) % 25);
    const end = latest - (n - 1) * 97 * 60_000; // a call every hour and a half or so
    const start = end - (talk + wait) * 1000;
    const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const which = (values.contact ?? n) % contacts.length;
    const phone = PHONES[which] as string;
    const answered = values.result === ANSWERED;
    const outgoing = values.outgoing === true;
    const subject = outgoing
      ? answered
        ? `Вихідний дзвінок на ${phone}`
        : `Вихідний дзвінок без відповіді на ${phone}`
      : answered
        ? `Вхідний дзвінок від ${phone}`
        : `Пропущений дзвінок від ${phone}`;
    const employee = employees[(values.employee ?? n) % employees.length] as string;
    // Only incoming calls come from a tracked visit.
    const visit = outgoing ? null : (values.visit ?? VISITS[n % VISITS.length]);
    return emulator.insert('phonecall', {
      ...visit,
      subject,
      phonenumber: phone,
      directioncode: outgoing,
      actualstart: iso(start),
      actualend: iso(end),
      ringo_callid: `ua18_-17915${45397 + n}.${2215926 + n}`,
      ringo_callresult: values.result,
      ringo_disposition: answered ? 'ANSWERED' : 'NO ANSWER',
      ringo_talkseconds: talk,
      ringo_waitseconds: wait,
      ringo_durationseconds: talk + wait,
      ringo_recordingurl:
        values.recording === undefined ? (answered ? `${base}/demo-${n}.wav` : null) : values.recording,
      ...(values.hasRecording !== undefined ? { ringo_hasrecording: values.hasRecording } : {}),
      ringo_callcardurl: `https://app.ringostat.com/calls/demo-${n}`,
      ringo_employeename: ['Іван Петренко', 'Олена Коваленко', 'Андрій Шевчук'][(values.employee ?? n) % 3],
      regardingobjectid: { id: contacts[which] as string, entity: 'contact' },
      ownerid: { id: employee, entity: 'systemuser' },
      // Closed calls are read-only; the one whose recording is still coming stays open so it can get it.
      statecode: values.open ? 0 : 1,
      statuscode: values.open ? 1 : outgoing ? 2 : 4,
    });
  };
  const notReady = call({ result: ANSWERED, recording: null, contact: 2, employee: 2, open: true });
  const playable = call({ result: ANSWERED, contact: 0, employee: 0, talk: 6 });
  const missed = call({ result: MISSED, contact: 1, employee: 1 });
  const notAnswered = call({ result: MISSED, outgoing: true, contact: 3, employee: 0 });
  const notRecorded = call({ result: ANSWERED, recording: null, hasRecording: HAS_RECORDING_NO, contact: 3 });
  const expired = call({
    result: ANSWERED,
    recording: `${base}/expired-demo.wav`,
    contact: 0,
    outgoing: true,
  });
  const javascript = call({
    result: ANSWERED,
    recording: 'javascript:window.__ringoXss=3',
    contact: 1,
    ...(hostile
      ? {
          visit: {
            ringo_landing: 'javascript:window.__ringoXss=4',
            ringo_referrer: '<img src=x onerror="window.__ringoXss=5">',
            ringo_pool: '=HYPERLINK("http://evil.example","x")',
          },
        }
      : {}),
  });
  const others: string[] = [];
  for (let i = 0; i < (options.extraCalls ?? 25); i += 1) {
    others.push(call({ result: i % 3 === 2 ? MISSED : ANSWERED, outgoing: i % 4 === 1 }));
  }
  return {
    employees,
    contacts,
    calls: { notReady, playable, missed, notAnswered, notRecorded, expired, javascript, others },
  };
}
