import { append, clear, h } from '../shared/dom';
import { formatDuration } from '../shared/format';
import type { CallAiData } from './call-ai-source';
import type { CallAiTexts } from './call-ai-texts';
import { lineAt, type TranscriptLine } from './parse-vtt';

/**
 * The AI analysis under the recording player: summary, moods, recommendations, and the transcript as
 * a list of lines (time · speaker · words). `highlight(seconds)` marks the line being spoken
 * (`aria-current`) and keeps it in view inside the transcript box; a line's time plays from there and
 * is marked at once, before the recording has loaded (docs/adr/0143). Everything is written as text,
 * never HTML.
 */
export interface CallAiPanel {
  readonly element: HTMLElement;
  show(data: CallAiData | undefined): void;
  highlight(seconds: number): void;
  failed(message: string): void;
}

export function createCallAiPanel(
  doc: Document,
  options: { texts: CallAiTexts; playFrom: (seconds: number) => void },
): CallAiPanel {
  const t = options.texts;
  const element = h(doc, 'section', { class: 'ringo-ai', 'aria-labelledby': 'ringo-ai-title', hidden: true });
  let lines: readonly TranscriptLine[] = [];
  let items: HTMLElement[] = [];
  let list: HTMLElement | null = null;
  let current = -1;

  function field(label: string, value: string | undefined): HTMLElement | null {
    return value
      ? h(doc, 'div', { class: 'ringo-ai-field' }, h(doc, 'dt', {}, label), h(doc, 'dd', {}, value))
      : null;
  }

  function transcriptLine(line: TranscriptLine, index: number): HTMLElement {
    const time = formatDuration(line.start);
    const jump = h(
      doc,
      'button',
      { type: 'button', class: 'ringo-ai-time', 'aria-label': `${t.jumpTo} ${time}`, 'data-line': index },
      time,
    );
    jump.addEventListener('click', () => {
      highlight(line.start);
      options.playFrom(line.start);
    });
    return h(
      doc,
      'li',
      { class: 'ringo-ai-line', 'data-start': line.start },
      jump,
      line.speaker ? h(doc, 'span', { class: 'ringo-ai-speaker' }, line.speaker) : null,
      h(doc, 'span', { class: 'ringo-ai-words' }, line.text),
    );
  }

  function highlight(seconds: number): void {
    const next = lineAt(lines, seconds);
    if (next === current) return;
    items[current]?.classList.remove('ringo-ai-current');
    items[current]?.removeAttribute('aria-current');
    current = next;
    const item = items[current];
    if (!item || !list) return;
    item.classList.add('ringo-ai-current');
    item.setAttribute('aria-current', 'true');
    // Scroll the transcript box only, never the page the agent is reading.
    const top = item.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }

  return {
    element,
    show(data) {
      clear(element);
      current = -1;
      lines = data?.transcript ?? [];
      element.hidden = !data;
      if (!data) return;
      items = lines.map(transcriptLine);
      list = items.length
        ? h(doc, 'ol', { class: 'ringo-ai-transcript', tabindex: 0, 'aria-label': t.transcript })
        : null;
      if (list) append(list, items);
      const moods = h(
        doc,
        'dl',
        { class: 'ringo-ai-fields' },
        field(t.clientMood, data.clientMood),
        field(t.employeeMood, data.employeeMood),
        field(t.overallMood, data.overallMood),
      );
      append(element, [
        h(doc, 'h2', { id: 'ringo-ai-title' }, t.title),
        data.summary
          ? h(doc, 'p', { class: 'ringo-ai-summary' }, h(doc, 'strong', {}, `${t.summary}: `), data.summary)
          : null,
        moods.childElementCount ? moods : null,
        data.recommendations.length
          ? h(
              doc,
              'div',
              { class: 'ringo-ai-recommendations' },
              h(doc, 'h3', {}, t.recommendations),
              h(doc, 'ul', {}, ...data.recommendations.map((r) => h(doc, 'li', {}, r))),
            )
          : null,
        h(doc, 'h3', {}, t.transcript),
        list ?? h(doc, 'p', { class: 'ringo-muted' }, t.noTranscript),
      ]);
    },
    highlight,
    failed(message) {
      clear(element);
      element.hidden = false;
      append(element, [
        h(doc, 'p', { class: 'ringo-status ringo-error', role: 'status' }, `${t.loadFailed}: ${message}`),
      ]);
    },
  };
}
