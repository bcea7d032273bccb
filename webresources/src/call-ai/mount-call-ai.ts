import type { Language } from '../shared/crm-language';
import { createCallAiPanel, type CallAiPanel } from './call-ai-panel';
import { loadCallAi } from './call-ai-source';
import { callAiTexts } from './call-ai-texts';

/**
 * Puts the AI analysis panel under the recording player on the phone-call form (docs/adr/0116). It
 * follows the page's audio through `timeupdate` events caught on the document (they do not bubble, so
 * the capture phase is used), which keeps it independent of how the player is built; a line's time
 * asks the player to play from there (`playFrom`: the player owns loading the recording, which starts
 * only when the agent asks — docs/adr/0087, 0143). Loading again for the same call does nothing.
 */
export function mountCallAi(
  doc: Document,
  parent: HTMLElement,
  options: {
    webApi: Pick<Xrm.WebApi, 'retrieveRecord' | 'retrieveMultipleRecords'>;
    language: Language;
    playFrom: (seconds: number) => void;
  },
): { load(phonecallId: string): Promise<void>; panel: CallAiPanel } {
  const panel = createCallAiPanel(doc, {
    texts: callAiTexts(options.language),
    playFrom: options.playFrom,
  });
  parent.appendChild(panel.element);
  const follow = (event: Event): void => {
    if (event.target instanceof HTMLMediaElement) panel.highlight(event.target.currentTime);
  };
  doc.addEventListener('timeupdate', follow, true);
  doc.addEventListener('seeked', follow, true);
  let loaded: string | null = null;
  return {
    panel,
    async load(phonecallId) {
      if (!phonecallId || phonecallId === loaded) return;
      loaded = phonecallId;
      try {
        panel.show(await loadCallAi(options.webApi, phonecallId));
      } catch (error) {
        loaded = null;
        panel.failed(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
