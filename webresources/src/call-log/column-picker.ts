import { h } from '../shared/dom';
import type { Texts } from '../shared/texts';
import { inPickerOrder, OPTIONAL_COLUMNS, type OptionalKey } from './call-columns';

export interface ColumnPicker {
  readonly element: HTMLElement;
  shown(): OptionalKey[];
}

/**
 * "Columns": a button that opens a list of checkboxes, one per optional column (the WAI-ARIA disclosure
 * pattern, https://www.w3.org/WAI/ARIA/apg/patterns/disclosure/ — a real <button> with aria-expanded and
 * aria-controls). Opening moves focus to the first checkbox; Tab walks the list, Space ticks a box, Escape
 * closes and puts focus back on the button; leaving the list with Tab or clicking elsewhere closes it.
 */
export function createColumnPicker(
  doc: Document,
  t: Texts,
  initial: readonly OptionalKey[],
  onChange: (shown: OptionalKey[]) => void,
): ColumnPicker {
  const panelId = 'ringo-columns-panel';
  const button = h(
    doc,
    'button',
    { type: 'button', 'data-action': 'columns', 'aria-expanded': 'false', 'aria-controls': panelId },
    t.columns,
  );
  const boxes = OPTIONAL_COLUMNS.map((column) =>
    h(doc, 'input', {
      type: 'checkbox',
      value: column.key,
      'data-column': column.key,
      checked: initial.includes(column.key),
    }),
  );
  const panel = h(
    doc,
    'div',
    { id: panelId, class: 'ringo-columns-panel', role: 'group', 'aria-label': t.columnsTitle, hidden: true },
    h(doc, 'p', { class: 'ringo-columns-title', 'aria-hidden': 'true' }, t.columnsTitle),
    ...OPTIONAL_COLUMNS.map((column, i) => h(doc, 'label', {}, boxes[i], ` ${t[column.label]}`)),
  );
  const element = h(doc, 'div', { class: 'ringo-columns-picker' }, button, panel);

  const shown = (): OptionalKey[] => inPickerOrder(boxes.filter((b) => b.checked).map((b) => b.value));
  const showCount = (): void => {
    const count = shown().length;
    button.textContent = count > 0 ? `${t.columns} (${count})` : t.columns;
  };
  const isOpen = (): boolean => !panel.hidden;
  function setOpen(open: boolean, focus: 'list' | 'button' | 'stay'): void {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (focus === 'list') boxes[0]?.focus();
    if (focus === 'button') button.focus();
  }

  showCount();
  button.addEventListener('click', () => setOpen(!isOpen(), isOpen() ? 'stay' : 'list'));
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !isOpen()) return;
    event.preventDefault();
    event.stopPropagation();
    setOpen(false, 'button');
  });
  element.addEventListener('focusout', (event) => {
    const to = event.relatedTarget;
    if (isOpen() && to instanceof Node && !element.contains(to)) setOpen(false, 'stay');
  });
  doc.addEventListener('pointerdown', (event) => {
    if (isOpen() && event.target instanceof Node && !element.contains(event.target)) setOpen(false, 'stay');
  });
  panel.addEventListener('change', () => {
    showCount();
    onChange(shown());
  });
  return { element, shown };
}
