import { h } from '../shared/dom';
import type { Texts } from '../shared/texts';
import { localDayToIso, type CallFilters, type Direction, type ResultFilter } from './call-query';

/** The call log's filter form (direction, result, date range, employee) and how it reads into CallFilters. */
export interface FilterControls {
  readonly form: HTMLFormElement;
  readonly direction: HTMLSelectElement;
  readonly result: HTMLSelectElement;
  readonly from: HTMLInputElement;
  readonly to: HTMLInputElement;
  readonly owner: HTMLSelectElement;
}

function select(
  doc: Document,
  id: string,
  options: readonly (readonly [string, string])[],
): HTMLSelectElement {
  const element = h(doc, 'select', { id, name: id });
  for (const [value, label] of options) element.appendChild(h(doc, 'option', { value }, label));
  return element;
}

function field(doc: Document, id: string, label: string, control: HTMLElement): HTMLElement {
  return h(doc, 'div', {}, h(doc, 'label', { for: id }, label), control);
}

export function buildFilters(doc: Document, t: Texts): FilterControls & { readonly element: HTMLElement } {
  const direction = select(doc, 'f-direction', [
    ['all', t.all],
    ['incoming', t.incoming],
    ['outgoing', t.outgoing],
  ]);
  const result = select(doc, 'f-result', [
    ['all', t.all],
    ['answered', t.answered],
    ['missed', t.missed],
  ]);
  const from = h(doc, 'input', { id: 'f-from', name: 'from', type: 'date' });
  const to = h(doc, 'input', { id: 'f-to', name: 'to', type: 'date' });
  const owner = select(doc, 'f-owner', [['', t.allEmployees]]);
  const apply = h(doc, 'button', { type: 'submit', class: 'ringo-primary' }, t.apply);
  const reset = h(doc, 'button', { type: 'reset' }, t.reset);
  const form = h(
    doc,
    'form',
    { class: 'ringo-filters', 'aria-label': t.filters },
    field(doc, 'f-direction', t.direction, direction),
    field(doc, 'f-result', t.result, result),
    field(doc, 'f-from', t.dateFrom, from),
    field(doc, 'f-to', t.dateTo, to),
    field(doc, 'f-owner', t.employee, owner),
    h(doc, 'div', { class: 'ringo-actions' }, apply, reset),
  );
  return {
    element: h(doc, 'section', { class: 'ringo-card' }, form),
    form,
    direction,
    result,
    from,
    to,
    owner,
  };
}

export function readFilters(controls: FilterControls, contactId: string | null): CallFilters {
  return {
    direction: controls.direction.value as Direction,
    result: controls.result.value as ResultFilter,
    fromIso: localDayToIso(controls.from.value),
    toIso: localDayToIso(controls.to.value, true),
    ownerId: controls.owner.value || null,
    contactId,
  };
}
