import type { Language } from '../shared/crm-language';
import { clear, h, type Child } from '../shared/dom';
import { formatDateTime, formatDuration } from '../shared/format';
import type { RecordingPolicy } from '../shared/recording-hosts';
import { CallResult } from '../shared/recording-state';
import type { Texts } from '../shared/texts';
import { createRecordingPlayer, type RecordingPlayer } from '../player/recording-player';

/** Formatted values come back as annotations when Xrm.WebApi asks for them (it does by default). */
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export type CallRow = Readonly<Record<string, unknown>>;

export interface CallTableActions {
  openCall(activityId: string): void;
  openContact(contactId: string): void;
}

export interface CallTable {
  render(rows: readonly CallRow[]): void;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The rows of the call log, as ARIA table rows in a CSS grid rather than <tr>: rows off screen can then
 * skip layout (content-visibility), which keeps 500 calls within the render budget (docs/performance.md).
 * Every value from Dataverse goes in as text, so a contact called
 * `<script>…</script>` is shown exactly like that. One inline player at a time, reusing the player.
 */
export function createCallTable(
  doc: Document,
  body: HTMLElement,
  options: {
    readonly texts: Texts;
    readonly language: Language;
    readonly actions: CallTableActions;
    /** Recording hosts the inline player may play (recording-hosts.ts). */
    readonly policy?: RecordingPolicy;
  },
): CallTable {
  const t = options.texts;
  const cell = (content: Child): HTMLElement => h(doc, 'div', { role: 'cell' }, content);
  let open: { player: RecordingPlayer; row: HTMLElement; button: HTMLButtonElement } | null = null;

  function closePlayer(): void {
    if (!open) return;
    open.player.destroy();
    open.row.remove();
    open.button.textContent = t.listen;
    open.button.setAttribute('aria-expanded', 'false');
    open = null;
  }

  function togglePlayer(call: CallRow, tr: HTMLElement, button: HTMLButtonElement): void {
    const wasThis = open?.button === button;
    closePlayer();
    if (wasThis) return;
    const player = createRecordingPlayer(doc, {
      texts: t,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    const row = h(
      doc,
      'div',
      { class: 'ringo-player-row', role: 'row' },
      h(doc, 'div', { role: 'cell' }, player.element),
    );
    tr.after(row);
    player.show({
      recordingUrl: text(call['ringo_recordingurl']) || null,
      callResult: (call['ringo_callresult'] as number | null | undefined) ?? null,
      callCardUrl: text(call['ringo_callcardurl']) || null,
      durationSeconds: (call['ringo_talkseconds'] as number | null | undefined) ?? null,
    });
    button.textContent = t.hide;
    button.setAttribute('aria-expanded', 'true');
    open = { player, row, button };
  }

  function renderRow(call: CallRow): HTMLElement {
    const id = text(call['activityid']);
    const outgoing = call['directioncode'] === true;
    const result = call['ringo_callresult'];
    const contactId = text(call['_regardingobjectid_value']);
    const contactName = text(call[`_regardingobjectid_value${FORMATTED}`]) || t.unknownContact;
    const employee = text(call[`_ownerid_value${FORMATTED}`]) || text(call['ringo_employeename']);
    const tr = h(doc, 'div', { class: 'ringo-row', role: 'row', 'data-callid': id });
    const contactCell = contactId
      ? h(doc, 'button', { type: 'button', class: 'ringo-link', 'data-action': 'open-contact' }, contactName)
      : '—';
    if (typeof contactCell !== 'string')
      contactCell.addEventListener('click', () => options.actions.openContact(contactId));
    const listen = h(
      doc,
      'button',
      { type: 'button', 'data-action': 'listen', 'aria-expanded': 'false' },
      t.listen,
    );
    listen.addEventListener('click', () => togglePlayer(call, tr, listen));
    const openCall = h(
      doc,
      'button',
      { type: 'button', class: 'ringo-link', 'data-action': 'open-call' },
      t.openCall,
    );
    openCall.addEventListener('click', () => options.actions.openCall(id));
    const badge =
      result === CallResult.answered
        ? h(doc, 'span', { class: 'ringo-badge answered' }, t.answered)
        : result === CallResult.missed
          ? h(doc, 'span', { class: 'ringo-badge missed' }, t.missed)
          : '';
    tr.append(
      cell(formatDateTime(text(call['actualstart']), options.language)),
      cell(outgoing ? t.outgoing : t.incoming),
      cell(text(call['phonenumber'])),
      cell(contactCell),
      cell(employee),
      cell(badge),
      cell(formatDuration(call['ringo_talkseconds'] as number | null)),
      cell(listen),
      cell(openCall),
    );
    return tr;
  }

  return {
    render(rows) {
      closePlayer();
      clear(body);
      const fragment = doc.createDocumentFragment();
      for (const call of rows) fragment.appendChild(renderRow(call));
      body.appendChild(fragment);
    },
  };
}
