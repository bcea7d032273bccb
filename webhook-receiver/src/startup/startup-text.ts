import type { StartupLanguage } from './startup-language';

/**
 * The receiver's start-up text in each language (startup-language.ts picks one). One entry per printed
 * line, so a new line is added to both languages side by side. Ringostat's own names for the three
 * events and its menu path are taken from its Ukrainian help article on the Smart Business integration
 * ("Інтеграція" → "Webhooks 2.0": "Перед дзвінком", "Після дзвінка", "Після вихідного дзвінка").
 */
export interface StartupText {
  listening(url: string, mode: string): string;
  demoMode: string;
  writingTo(dataverseUrl: string): string;
  webhookHeading: string;
  beforeCall: string;
  afterCall: string;
  afterOutgoingCall: string;
  /** Ringostat's "Call processed by AI" event (docs/webhook-parameters.md), and the word "optional". */
  callAi: string;
  optional: string;
  /** Outside demo mode the token is masked in the URLs above; this line says how to get it. */
  tokenHidden: string;
  endpoints(url: string): string;
  /** Demo mode only: the generated admin token, so the admin API works out of the box. */
  demoAdminToken(token: string): string;
}

export const STARTUP_TEXT: Record<StartupLanguage, StartupText> = {
  en: {
    listening: (url, mode) => `Ringostat receiver listening on ${url} — ${mode}`,
    demoMode: 'demo mode (no DATAVERSE_URL set)',
    writingTo: (dataverseUrl) => `writing to ${dataverseUrl}`,
    webhookHeading:
      'Webhook URLs for Ringostat → Integration → Webhooks 2.0 (method GET or POST; see docs/webhook-parameters.md):',
    beforeCall: 'Incoming call, before call: ',
    afterCall: 'Incoming call, after call:  ',
    afterOutgoingCall: 'Outgoing call, after call:  ',
    callAi: 'Call processed by AI:       ',
    optional: '(optional)',
    tokenHidden:
      "(the token is hidden here; 'npm run webhook-urls' prints the URLs with it, with the same environment)",
    endpoints: (url) => `Health: ${url}/healthz   Readiness: ${url}/readyz   Metrics: ${url}/metrics`,
    demoAdminToken: (token) =>
      `Admin API (/admin/…): Authorization: Bearer ${token}   (demo; kept in DATA_DIR/admin-token)`,
  },
  uk: {
    listening: (url, mode) => `Приймач Ringostat слухає на ${url} — ${mode}`,
    demoMode: 'демо-режим (DATAVERSE_URL не задано)',
    writingTo: (dataverseUrl) => `записує в ${dataverseUrl}`,
    webhookHeading:
      'URL вебхуків для Ringostat → Інтеграція → Webhooks 2.0 (метод GET або POST; див. docs/webhook-parameters.md):',
    beforeCall: 'Перед дзвінком:         ',
    afterCall: 'Після дзвінка:          ',
    afterOutgoingCall: 'Після вихідного дзвінка:',
    callAi: 'Дзвінок оброблено ШІ:   ',
    optional: '(за бажанням)',
    tokenHidden: "(токен тут приховано; 'npm run webhook-urls' друкує URL з ним, з тим самим оточенням)",
    endpoints: (url) => `Стан: ${url}/healthz   Готовність: ${url}/readyz   Метрики: ${url}/metrics`,
    demoAdminToken: (token) =>
      `API адміністратора (/admin/…): Authorization: Bearer ${token}   (демо; збережено в DATA_DIR/admin-token)`,
  },
};
