import { browserLanguage } from '../shared/crm-language';
import { byId, clear, h } from '../shared/dom';
import { pageLanguage } from '../shared/page-language';
import { recordingPolicy } from '../shared/recording-hosts';
import { textsFor } from '../shared/texts';
import { createUserFormat } from '../shared/user-format';
import { mountCallAi } from '../call-ai/mount-call-ai';
import { createRecordingPlayer, type PlayerCall, type RecordingPlayer } from './recording-player';

/**
 * The player page on the "Ringostat phone call" form. It does nothing until the form script hands it
 * Xrm and formContext through window.setClientApiContext, the supported way for an HTML web resource:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/getcontentwindow
 * The form may call it again (tab state change re-creates web resources), so it is idempotent.
 * Only columns placed on the form are attributes of formContext, so the form carries the recording URL,
 * actualend and ringo_hasrecording in hidden cells.
 */
export function readCallFromForm(formContext: Xrm.FormContext): PlayerCall {
  const value = <T>(name: string): T | null =>
    (formContext.getAttribute(name)?.getValue() as T | null | undefined) ?? null;
  const iso = (name: string): string | null => {
    const date = value<Date | string>(name);
    return date instanceof Date ? date.toISOString() : date;
  };
  return {
    recordingUrl: value<string>('ringo_recordingurl'),
    callResult: value<number>('ringo_callresult'),
    callCardUrl: value<string>('ringo_callcardurl'),
    durationSeconds: value<number>('ringo_talkseconds'),
    outgoing: value<boolean>('directioncode'),
    hasRecording: value<number>('ringo_hasrecording'),
    startedAt: iso('actualstart'),
    endedAt: iso('actualend') ?? iso('actualstart'),
  };
}

function start(win: Window): void {
  const doc = win.document;
  const root = byId(doc, 'ringo-player-root');
  root.textContent = textsFor(browserLanguage(win)).waitingForForm;
  let player: RecordingPlayer | null = null;
  let callAi: ReturnType<typeof mountCallAi> | null = null;
  let current: Xrm.FormContext | null = null;

  const refresh = (): void => {
    if (current && player) player.show(readCallFromForm(current));
  };

  async function setClientApiContext(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<void> {
    const firstTime = current !== formContext;
    current = formContext;
    if (!player) {
      const [language, policy] = await Promise.all([
        pageLanguage(xrm),
        recordingPolicy(xrm.WebApi, win.location.origin),
      ]);
      doc.documentElement.lang = language;
      const texts = textsFor(language);
      doc.title = `Ringostat — ${texts.playerTitle}`;
      player = createRecordingPlayer(doc, {
        texts,
        policy,
        format: createUserFormat(xrm.Utility.getGlobalContext().userSettings, language),
        onCheckAgain: () => {
          void formContext.data.refresh(false).then(refresh, refresh);
        },
      });
      clear(root);
      root.appendChild(h(doc, 'h2', { class: 'ringo-visually-hidden' }, texts.playerTitle));
      root.appendChild(player.element);
      // The AI analysis of the call (its own module, ../call-ai/), under the player it follows.
      callAi = mountCallAi(doc, root, {
        webApi: xrm.WebApi,
        language,
        playFrom: (seconds) => player?.playFrom(seconds),
      });
    }
    // Optional chaining: the analysis must never stop the player of a form without an entity id.
    void callAi?.load(formContext.data?.entity?.getId?.() ?? '');
    if (firstTime) formContext.getAttribute('ringo_recordingurl')?.addOnChange(refresh);
    refresh();
  }

  (win as unknown as { setClientApiContext: typeof setClientApiContext }).setClientApiContext =
    setClientApiContext;
}

start(window);
