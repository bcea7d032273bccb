/**
 * The preview's start page lists the newest phone calls (browser code), each linking to the stand-in
 * phone-call form with the recording player, so a newcomer can click straight into the demo data.
 */
import { resolveLanguage } from '../../webresources/src/shared/crm-language';
import { createUserFormat } from '../../webresources/src/shared/user-format';
import { previewTexts } from './preview-texts';

async function listCalls(): Promise<void> {
  const list = document.getElementById('calls');
  if (!list) return;
  const xrm = (window as unknown as { Xrm: Xrm.XrmStatic }).Xrm;
  const settings = xrm.Utility.getGlobalContext().userSettings;
  const language = resolveLanguage(settings.languageId);
  const t = previewTexts(language);
  const format = createUserFormat(settings, language);
  const result = await xrm.WebApi.retrieveMultipleRecords(
    'phonecall',
    '?$select=activityid,subject,actualstart,ringo_callresult&$filter=ringo_callid ne null&$orderby=actualstart desc',
    20,
  );
  list.replaceChildren();
  for (const call of result.entities) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `/preview/form/phonecall?id=${encodeURIComponent(String(call['activityid']))}&lang=${language}`;
    link.textContent = String(call['subject'] ?? call['activityid']);
    const when = format.dateTime(call['actualstart'] as string | null);
    item.append(link, when ? ` — ${when}` : '');
    list.append(item);
  }
  if (result.entities.length === 0) list.textContent = t.none;
}

listCalls().catch((error: unknown) => {
  const list = document.getElementById('calls');
  const lang = document.documentElement.lang;
  const t = previewTexts(lang === 'en' || lang === 'ru' ? lang : 'uk');
  if (list) list.textContent = `${t.failed}: ${error instanceof Error ? error.message : String(error)}`;
});

export {};
