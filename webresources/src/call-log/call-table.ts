import { clear, h, type Child } from '../shared/dom';
import { formatDuration } from '../shared/format';
import type { RecordingPolicy } from '../shared/recording-hosts';
import type { Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';
import { createRecordingPlayer, type RecordingPlayer } from '../player/recording-player';
import { callFacts, type CallFacts, type CallRow } from './call-facts';
import { safeLinkUrl } from './call-attribution';
import { OPTIONAL_COLUMNS, type OptionalColumn, type OptionalKey } from './call-columns';
import type { CallSort, SortKey } from './call-query';

export type { CallRow } from './call-facts';

export interface CallTableActions {
  openCall(activityId: string): void;
  openContact(contactId: string): void;
  sort(sort: CallSort): void;
}

export interface CallTable {
  /** The table (ARIA table: header row + rows); put it on the page. */
  readonly element: HTMLElement;
  render(rows: readonly CallRow[]): void;
  showSort(sort: CallSort): void;
  /** Shows these optional columns (call-columns.ts) from the next render on. */
  setColumns(keys: readonly OptionalKey[]): void;
}

export interface CallTableOptions {
  readonly texts: Texts;
  readonly format: UserFormat;
  readonly actions: CallTableActions;
  /** On one contact's call log the contact column is left out. */
  readonly forContact: boolean;
  readonly label: string;
  readonly now?: () => Date;
  /** Recording hosts the inline player may play (recording-hosts.ts). */
  readonly policy?: RecordingPolicy;
  /** Optional columns shown from the start. */
  readonly columns?: readonly OptionalKey[];
}

/** Grid tracks of the optional columns on wide screens; their minimums add up to the table's min-width. */
const OPTIONAL_TRACK: Readonly<Record<OptionalColumn['kind'], { min: number; track: string }>> = {
  url: { min: 150, track: 'minmax(150px, 1.6fr)' },
  text: { min: 110, track: 'minmax(110px, 1fr)' },
  flag: { min: 92, track: '92px' },
  rating: { min: 80, track: '80px' },
};

type Column = { key: string; label: keyof Texts; sort?: SortKey };
/** The journal's own columns; the optional ones the agent picks follow "open". */
const COLUMNS: readonly Column[] = [
  { key: 'when', label: 'when', sort: 'when' },
  { key: 'direction', label: 'direction', sort: 'direction' },
  { key: 'phone', label: 'phone', sort: 'phone' },
  { key: 'contact', label: 'contact' },
  { key: 'employee', label: 'employee' },
  { key: 'result', label: 'result', sort: 'result' },
  { key: 'talk', label: 'talkTime', sort: 'talk' },
  { key: 'recording', label: 'recording' },
  { key: 'open', label: 'actions' },
];

/**
 * The calls as an ARIA table laid out by CSS grid: a table on wide screens, one card per call below
 * 960 px (each cell then shows its column name from data-label), so every control stays on screen at
 * any width. Rows off screen skip layout (content-visibility), which keeps 500 calls within the render
 * budget (docs/performance.md). Values from Dataverse go in as text only. Sortable headers are buttons
 * with aria-sort; one inline player at a time. Optional columns the agent picked come after "open", so
 * the call's own data and actions stay in place; with many of them the table scrolls sideways inside its
 * own box on wide screens, and they join the card on narrow ones. Their values are cut with an ellipsis (the full value in the
 * tooltip), so a 1,000-character landing page never widens anything.
 */
export function createCallTable(doc: Document, options: CallTableOptions): CallTable {
  const t = options.texts;
  const base = COLUMNS.filter((c) => !(options.forContact && c.key === 'contact'));
  const now = options.now ?? (() => new Date());
  const body = h(doc, 'div', { role: 'rowgroup', class: 'ringo-rows' });
  const headerCells = new Map<SortKey, { cell: HTMLElement; button: HTMLButtonElement }>();
  let current: CallSort = { key: 'when', descending: true };
  let optional: readonly OptionalColumn[] = [];
  const head = h(doc, 'div', { role: 'row', class: 'ringo-row ringo-head' });
  const table = h(
    doc,
    'div',
    {
      role: 'table',
      class: `ringo-calls${options.forContact ? ' ringo-for-contact' : ''}`,
      'aria-label': options.label,
    },
    h(doc, 'div', { role: 'rowgroup' }, head),
    body,
  );
  const element = h(doc, 'div', { class: 'ringo-table-scroll' }, table);

  function headerCell(column: Column): HTMLElement {
    const cell = h(doc, 'div', { role: 'columnheader', class: `c-${column.key}` });
    const sortKey = column.sort;
    if (!sortKey) {
      cell.textContent = t[column.label];
      return cell;
    }
    const button = h(
      doc,
      'button',
      { type: 'button', class: 'ringo-sort', 'data-sort': sortKey },
      t[column.label],
    );
    button.addEventListener('click', () =>
      options.actions.sort({
        key: sortKey,
        descending: current.key === sortKey ? !current.descending : sortKey === 'when' || sortKey === 'talk',
      }),
    );
    cell.appendChild(button);
    headerCells.set(sortKey, { cell, button });
    return cell;
  }
  for (const column of base) head.appendChild(headerCell(column));

  function setColumns(keys: readonly OptionalKey[]): void {
    optional = OPTIONAL_COLUMNS.filter((c) => keys.includes(c.key));
    for (const cell of head.querySelectorAll('.c-opt')) cell.remove();
    for (const column of optional)
      head.appendChild(
        h(doc, 'div', { role: 'columnheader', class: `c-opt c-${column.key}` }, t[column.label]),
      );
    const tracks = optional.map((c) => OPTIONAL_TRACK[c.kind]);
    table.style.setProperty('--ringo-optional-tracks', tracks.map((k) => k.track).join(' '));
    table.style.setProperty('--ringo-optional-min', `${tracks.reduce((sum, k) => sum + k.min, 0)}px`);
    if (optional.length > 0) table.setAttribute('data-optional', String(optional.length));
    else table.removeAttribute('data-optional');
  }
  setColumns(options.columns ?? []);

  function optionalCell(column: OptionalColumn, value: string): HTMLElement {
    const cell = h(doc, 'div', {
      role: 'cell',
      class: `c-opt c-opt-${column.kind} c-${column.key}`,
      'data-label': t[column.label],
    });
    if (!value) {
      cell.textContent = '—';
      cell.setAttribute('data-empty', '');
      return cell;
    }
    const href = column.kind === 'url' ? safeLinkUrl(value) : null;
    cell.appendChild(
      href
        ? h(
            doc,
            'a',
            { class: 'ringo-ellipsis', href, target: '_blank', rel: 'noopener noreferrer', title: value },
            value,
          )
        : h(doc, 'span', { class: 'ringo-ellipsis', title: value }, value),
    );
    return cell;
  }

  let open: { player: RecordingPlayer; row: HTMLElement; button: HTMLButtonElement } | null = null;
  function closePlayer(): void {
    if (!open) return;
    open.player.destroy();
    open.row.remove();
    open.button.textContent = t.listen;
    open.button.setAttribute('aria-expanded', 'false');
    open = null;
  }
  function togglePlayer(row: CallRow, facts: CallFacts, tr: HTMLElement, button: HTMLButtonElement): void {
    const wasThis = open?.button === button;
    closePlayer();
    if (wasThis) return;
    const player = createRecordingPlayer(doc, {
      texts: t,
      format: options.format,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    const playerRow = h(
      doc,
      'div',
      { class: 'ringo-player-row', role: 'row' },
      h(doc, 'div', { role: 'cell' }, player.element),
    );
    tr.after(playerRow);
    player.show({
      recordingUrl: typeof row['ringo_recordingurl'] === 'string' ? row['ringo_recordingurl'] : null,
      callResult: (row['ringo_callresult'] as number | null | undefined) ?? null,
      outgoing: facts.outgoing,
      callCardUrl: typeof row['ringo_callcardurl'] === 'string' ? row['ringo_callcardurl'] : null,
      durationSeconds: facts.talkSeconds,
      startedAt: typeof row['actualstart'] === 'string' ? row['actualstart'] : null,
    });
    button.textContent = t.hide;
    button.setAttribute('aria-expanded', 'true');
    open = { player, row: playerRow, button };
  }

  function renderRow(row: CallRow, at: Date): HTMLElement {
    const facts = callFacts(row, t, options.format, at, options.policy);
    const tr = h(doc, 'div', { class: 'ringo-row', role: 'row', 'data-callid': facts.id });
    const cell = (key: string, content: Child, label: keyof Texts): HTMLElement =>
      h(doc, 'div', { role: 'cell', class: `c-${key}`, 'data-label': t[label] }, content);
    let contact: Child = '—';
    if (facts.contactId) {
      const button = h(
        doc,
        'button',
        { type: 'button', class: 'ringo-link', 'data-action': 'open-contact' },
        facts.contactName,
      );
      button.addEventListener('click', () => options.actions.openContact(facts.contactId));
      contact = button;
    }
    let recording: Child;
    if (facts.recording.kind === 'playable') {
      const listen = h(
        doc,
        'button',
        { type: 'button', 'data-action': 'listen', 'aria-expanded': 'false' },
        t.listen,
      );
      listen.addEventListener('click', () => togglePlayer(row, facts, tr, listen));
      recording = listen;
    } else {
      const kind = facts.recording.kind === 'not-ready' ? 'not-ready' : 'none';
      recording = h(
        doc,
        'span',
        { class: 'ringo-muted', 'data-recording': kind },
        kind === 'not-ready' ? t.recordingNotReady : t.recordingNone,
      );
    }
    const openCall = h(
      doc,
      'button',
      { type: 'button', class: 'ringo-link', 'data-action': 'open-call' },
      t.openCall,
    );
    openCall.addEventListener('click', () => options.actions.openCall(facts.id));
    const badge = facts.result
      ? h(doc, 'span', { class: `ringo-badge ${facts.outcome}`, 'data-outcome': facts.outcome }, facts.result)
      : '';
    tr.append(
      cell('when', facts.when, 'when'),
      cell('direction', facts.direction, 'direction'),
      cell('phone', facts.phone, 'phone'),
      ...(options.forContact ? [] : [cell('contact', contact, 'contact')]),
      cell('employee', facts.employee || '—', 'employee'),
      cell('result', badge, 'result'),
      cell('talk', formatDuration(facts.talkSeconds), 'talkTime'),
      cell('recording', recording, 'recording'),
      cell('open', openCall, 'actions'),
      ...optional.map((column) => optionalCell(column, facts.attribution[column.key])),
    );
    return tr;
  }

  return {
    element,
    render(rows) {
      closePlayer();
      clear(body);
      const at = now();
      const fragment = doc.createDocumentFragment();
      for (const row of rows) fragment.appendChild(renderRow(row, at));
      body.appendChild(fragment);
    },
    showSort(sort) {
      current = sort;
      for (const [key, { cell, button }] of headerCells) {
        const active = key === sort.key;
        if (active) cell.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
        else cell.removeAttribute('aria-sort');
        button.setAttribute('data-direction', active ? (sort.descending ? 'desc' : 'asc') : '');
      }
    },
    setColumns,
  };
}
