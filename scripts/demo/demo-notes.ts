import { randomBytes } from 'node:crypto';
import type { StartupLanguage } from '../../webhook-receiver/src/startup/startup-language';
import { curlCommand } from '../../webhook-receiver/src/startup/shell-quote';
import { DEMO_STAFF } from './seed';

/**
 * The demo's lines under the receiver's start-up text, in the start-up language. Every command is
 * paste-safe (shell-quote.ts). The hand-made call is a before-call plus an after-call, because a
 * before-call alone only finds or creates the contact: the phone call is logged from the after-call.
 */
export interface DemoNotesInput {
  receiverBase: string;
  webhookToken: string;
  adminToken: string;
  emulatorUrl: string;
  previewUrl: string;
  /** "YYYY-MM-DD HH:MM:SS" now, in the project time zone (what Ringostat would send). */
  callDate: string;
  /** Unique per start, so pasting the example after a restart logs a new call. */
  callId?: string;
}

export function demoNotes(input: DemoNotesInput, language: StartupLanguage): string[] {
  const callId = input.callId ?? `demo-${randomBytes(3).toString('hex')}`;
  const call = { uniqueid: callId, calldate: input.callDate, caller: '380501234567', dst: '380441112233' };
  const webhook = (event: string, params: Record<string, string>) =>
    curlCommand(
      `${input.receiverBase}/ringostat/${event}?${new URLSearchParams({ token: input.webhookToken, ...params })}`,
    );
  const before = webhook('before-call', call);
  const after = webhook('after-call', {
    ...call,
    call_type: 'in',
    disposition: 'ANSWERED',
    billsec: '42',
    duration: '50',
    employee_number: DEMO_STAFF.ivan,
  });
  const filter = encodeURIComponent(`ringo_callid eq '${callId}'`).replace(/'/g, '%27');
  const phoneCalls = curlCommand(
    `${input.emulatorUrl}/api/data/v9.2/phonecalls?$select=subject,phonenumber,statecode&$filter=${filter}`,
    { bearer: 'demo' },
  );
  const admin = (path: string) => curlCommand(`${input.receiverBase}${path}`, { bearer: input.adminToken });
  const t = TEXT[language];
  return [
    '',
    t.tokens,
    `${t.emulator} ${input.emulatorUrl}/api/data/v9.2/`,
    `${t.preview} ${input.previewUrl}/`,
    '',
    `${t.simulate}  npm run simulate`,
    '',
    ...t.byHand,
    `  ${before}`,
    `  ${after}`,
    t.lookUp(input.previewUrl),
    `  ${phoneCalls}`,
    t.admin,
    `  ${admin('/admin/rejected')}`,
    `  ${admin('/admin/events?status=dead')}`,
  ];
}

const TEXT: Record<
  StartupLanguage,
  {
    tokens: string;
    emulator: string;
    preview: string;
    simulate: string;
    byHand: string[];
    lookUp: (preview: string) => string;
    admin: string;
  }
> = {
  en: {
    tokens: 'Demo mode: the webhook token was generated once and is kept in DATA_DIR/webhook-token.',
    emulator: 'Dataverse emulator (in this process, seeded with demo users and contacts):',
    preview: 'CRM pages (recording player, call log, settings) with the demo calls:',
    simulate: 'Play a day of calls at it, in a second terminal:',
    byHand: [
      'Or one call by hand. A before-call webhook only finds or creates the contact (so the agent can open',
      'the card while the phone rings); the phone call itself is logged when the after-call webhook arrives:',
    ],
    lookUp: (preview) => `Then find it in the call log (${preview}/) or ask the emulator:`,
    admin: 'Admin API (rejected webhooks, failed events):',
  },
  uk: {
    tokens: 'Демо-режим: токен вебхуків згенеровано один раз і збережено в DATA_DIR/webhook-token.',
    emulator: 'Емулятор Dataverse (у цьому процесі, з демо-користувачами і контактами):',
    preview: 'Сторінки CRM (програвач записів, журнал дзвінків, налаштування) з демо-дзвінками:',
    simulate: 'Програти день дзвінків — у другому терміналі:',
    byHand: [
      'Або один дзвінок вручну. Вебхук «Перед дзвінком» лише знаходить або створює контакт (щоб агент міг',
      'відкрити картку, поки телефон дзвонить); сам дзвінок записується, коли надходить вебхук «Після дзвінка»:',
    ],
    lookUp: (preview) => `Потім знайдіть його в журналі дзвінків (${preview}/) або запитайте емулятор:`,
    admin: 'API адміністратора (відхилені вебхуки, події з помилками):',
  },
};
