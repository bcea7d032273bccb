import type { EmulatorSeeder } from './demo-calls';

/**
 * A demo phone call with a Ringostat AI analysis, as the receiver writes it (docs/adr/0114): the
 * `ringo_ai*` columns and one note with the .vtt attached. The transcript's lines fall inside the
 * preview's six-second demo recording, so the current line can be seen following playback.
 */
export const DEMO_TRANSCRIPT = `WEBVTT

00:00:00.000 --> 00:00:01.800
<v Менеджер>Добрий день, компанія «Меблі», мене звати Іван.

00:00:01.800 --> 00:00:03.600
<v Клієнт>Добрий день. Чи є в наявності кутовий диван «Оскар»?

00:00:03.600 --> 00:00:06.000
<v Менеджер>Так, сірий і синій. Можемо доставити в четвер.
`;

export function seedDemoCallAi(emulator: EmulatorSeeder, options: { recordingBaseUrl: string }): string {
  const base = options.recordingBaseUrl.replace(/\/+$/, '');
  const start = Date.UTC(2026, 2, 2, 17, 0, 0);
  const call = emulator.insert('phonecall', {
    subject: 'Вхідний дзвінок від +380671112233',
    phonenumber: '+380671112233',
    directioncode: false,
    actualstart: new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    actualend: new Date(start + 16_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ringo_callid: 'demo-ai-1',
    ringo_callresult: 107350000,
    ringo_disposition: 'ANSWERED',
    ringo_talkseconds: 6,
    ringo_recordingurl: `${base}/demo-ai-1.wav`,
    ringo_employeename: 'Іван Петренко',
    ringo_aisummary: 'Клієнт питав про кутовий диван «Оскар»; домовилися про доставку в четвер.',
    ringo_aiclientmood: 'Зацікавлений, доброзичливий',
    ringo_aiemployeemood: 'Спокійний, уважний',
    ringo_aioverallmood: 'Коротка позитивна розмова',
    ringo_airecommendations: 'Надіслати рахунок\nПідтвердити доставку в четвер',
    statecode: 1,
    statuscode: 4,
  });
  emulator.insert('annotation', {
    subject: 'Ringostat AI: аналіз дзвінка',
    notetext: 'Підсумок: Клієнт питав про кутовий диван «Оскар».',
    filename: 'ringostat-demo-ai-1.vtt',
    mimetype: 'text/vtt',
    documentbody: Buffer.from(DEMO_TRANSCRIPT, 'utf8').toString('base64'),
    isdocument: true,
    objectid: { id: call, entity: 'phonecall' },
  });
  return call;
}
