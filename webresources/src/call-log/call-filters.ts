import { h } from '../shared/dom';
import type { Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';
import { SORT_COLUMNS, type CallSort, type Direction, type ResultFilter, type SortKey } from './call-query';

/** The call log's filter form and how it reads; dates are typed in the CRM user's own date format. */
export interface FilterControls {
  readonly element: HTMLElement;
  readonly form: HTMLFormElement;
  readonly search: HTMLInputElement;
  readonly direction: HTMLSelectElement;
  readonly result: HTMLSelectElement;
  readonly from: HTMLInputElement;
  readonly to: HTMLInputElement;
  readonly owner: HTMLSelectElement;
  readonly sort: HTMLSelectElement;
}

export interface FilterValues {
  readonly searchText: string;
  readonly direction: Direction;
  readonly result: ResultFilter;
  readonly fromIso: string | null;
  readonly toIso: string | null;
  /** A date field holds text that is not a date in the user's format. */
  readonly badDate: HTMLInputElement | null;
  readonly ownerId: string | null;
}

const SORT_LABEL: Readonly<Record<SortKey, keyof Texts>> = {
  when: 'when',
  direction: 'direction',
  phone: 'phone',
  result: 'result',
  talk: 'talkTime',
};

function select(
  doc: Document,
  id: string,
  options: readonly (readonly [string, string])[],
): HTMLSelectElement {
  const element = h(doc, 'select', { id, name: id });
  for (const [value, label] of options) element.appendChild(h(doc, 'option', { value }, label));
  return element;
}

function field(doc: Document, id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    doc,
    'div',
    { class: `ringo-filter f-${id.slice(2)}` },
    h(doc, 'label', { for: id }, label),
    control,
    hint ? h(doc, 'span', { class: 'ringo-hint', id: `${id}-hint` }, hint) : null,
  );
}

export function buildFilters(
  doc: Document,
  t: Texts,
  format: UserFormat,
  forContact: boolean,
): FilterControls {
  const search = h(doc, 'input', {
    id: 'f-search',
    type: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: forContact ? t.searchNumberPlaceholder : t.searchPlaceholder,
  });
  const direction = select(doc, 'f-direction', [
    ['all', t.all],
    ['incoming', t.incoming],
    ['outgoing', t.outgoing],
  ]);
  const result = select(doc, 'f-result', [
    ['all', t.all],
    ['answered', t.answered],
    ['missed', t.unanswered],
  ]);
  const dateInput = (id: string): HTMLInputElement =>
    h(doc, 'input', {
      id,
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: format.dateHint,
      'aria-describedby': `${id}-hint`,
    });
  const from = dateInput('f-from');
  const to = dateInput('f-to');
  const owner = select(doc, 'f-owner', [['', t.allEmployees]]);
  const sortOptions: [string, string][] = [];
  for (const key of Object.keys(SORT_COLUMNS) as SortKey[])
    for (const descending of [true, false])
      sortOptions.push([
        `${key}:${descending ? 'desc' : 'asc'}`,
        `${t[SORT_LABEL[key]]}, ${descending ? t.sortDescending : t.sortAscending}`,
      ]);
  const sort = select(doc, 'f-sort', sortOptions);
  const hint = `${t.dateFormat}: ${format.dateHint}`;
  const form = h(
    doc,
    'form',
    { class: 'ringo-filters', 'aria-label': t.filters, novalidate: true },
    field(doc, 'f-search', forContact ? t.searchNumber : t.search, search),
    field(doc, 'f-direction', t.direction, direction),
    field(doc, 'f-result', t.result, result),
    field(doc, 'f-from', t.dateFrom, from, hint),
    field(doc, 'f-to', t.dateTo, to, hint),
    field(doc, 'f-owner', t.employee, owner),
    field(doc, 'f-sort', t.sortBy, sort),
    h(
      doc,
      'div',
      { class: 'ringo-actions' },
      h(doc, 'button', { type: 'submit', class: 'ringo-primary' }, t.apply),
      h(doc, 'button', { type: 'reset' }, t.reset),
    ),
  );
  return {
    element: h(doc, 'section', { class: 'ringo-card' }, form),
    form,
    search,
    direction,
    result,
    from,
    to,
    owner,
    sort,
  };
}

export function readFilters(controls: FilterControls, format: UserFormat): FilterValues {
  const day = (input: HTMLInputElement, dayAfter: boolean): { iso: string | null; bad: boolean } => {
    const typed = input.value.trim();
    if (!typed) return { iso: null, bad: false };
    const iso = format.dayStart(typed, dayAfter);
    return { iso, bad: iso === null };
  };
  const from = day(controls.from, false);
  const to = day(controls.to, true);
  return {
    searchText: controls.search.value,
    direction: controls.direction.value as Direction,
    result: controls.result.value as ResultFilter,
    fromIso: from.iso,
    toIso: to.iso,
    badDate: from.bad ? controls.from : to.bad ? controls.to : null,
    ownerId: controls.owner.value || null,
  };
}

export function readSort(controls: FilterControls): CallSort {
  const [key, direction] = controls.sort.value.split(':');
  return {
    key: (key as SortKey) in SORT_COLUMNS ? (key as SortKey) : 'when',
    descending: direction !== 'asc',
  };
}

export function writeSort(controls: FilterControls, sort: CallSort): void {
  controls.sort.value = `${sort.key}:${sort.descending ? 'desc' : 'asc'}`;
}
