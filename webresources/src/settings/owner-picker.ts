import { searchPeople, type CrmUser } from '../shared/crm-users';
import { h } from '../shared/dom';
import type { EnvironmentVariable, WebApiReader } from '../shared/environment-variables';
import type { Texts } from '../shared/texts';
import type { VariableField } from './variable-field';

/** Xrm.WebApi's single-record read, for the current owner's name and a pasted id. */
export interface UserReader extends WebApiReader {
  retrieveRecord(
    entityLogicalName: string,
    id: string,
    options?: string,
  ): PromiseLike<Record<string, unknown>>;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const SEARCH_DELAY_MS = 250;

/**
 * ringo_DefaultOwnerId picked by name: a combobox (ARIA 1.2 pattern: input + listbox, arrows, Enter,
 * Escape) that searches enabled people — never application users — by name or e-mail, shows the chosen
 * user's name, and saves the user's id. A pasted user id is looked up, so old notes still work.
 */
export function buildOwnerPicker(
  doc: Document,
  win: Window,
  t: Texts,
  webApi: UserReader,
  variable: EnvironmentVariable | undefined,
): VariableField {
  const name = 'ringo_DefaultOwnerId';
  const id = `v-${name}`;
  let selected: string = variable?.value?.replace(/[{}]/g, '').toLowerCase() ?? '';
  const error = h(doc, 'div', { id: `${id}-error`, class: 'ringo-error', 'aria-live': 'polite' });
  const current = h(doc, 'span', { id: 'owner-current', 'data-owner': selected });
  const clearButton = h(
    doc,
    'button',
    { type: 'button', class: 'ringo-link', 'data-action': 'clear-owner' },
    t.ownerClear,
  );
  const listbox = h(doc, 'ul', {
    id: 'owner-options',
    role: 'listbox',
    'aria-label': t.var_ringo_DefaultOwnerId,
    hidden: true,
  });
  const input = h(doc, 'input', {
    id,
    type: 'search',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listbox.id,
    'aria-describedby': `owner-current owner-help ${error.id}`,
    placeholder: t.ownerSearchPlaceholder,
  });
  if (!variable) input.disabled = true;
  let options: CrmUser[] = [];
  let active = -1;
  let timer: number | undefined;
  let generation = 0;

  const showCurrent = (user: CrmUser | null, fallbackText?: string): void => {
    current.textContent = user
      ? user.email
        ? `${user.name} (${user.email})`
        : user.name
      : (fallbackText ?? t.ownerNone);
    current.setAttribute('data-owner', selected);
    clearButton.hidden = !selected;
  };
  const close = (): void => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (user: CrmUser): void => {
    selected = user.id.toLowerCase();
    showCurrent(user);
    input.value = '';
    error.textContent = '';
    input.setAttribute('aria-invalid', 'false');
    close();
  };
  const highlight = (index: number): void => {
    active = index;
    [...listbox.children].forEach((item, i) =>
      item.setAttribute('aria-selected', i === index ? 'true' : 'false'),
    );
    const item = listbox.children[index];
    if (item) input.setAttribute('aria-activedescendant', item.id);
  };
  const render = (): void => {
    listbox.replaceChildren(
      ...(options.length === 0
        ? [h(doc, 'li', { class: 'ringo-muted', role: 'presentation' }, t.ownerNoMatch)]
        : options.map((user, i) => {
            const item = h(
              doc,
              'li',
              { id: `owner-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-user': user.id },
              user.name,
              user.email ? h(doc, 'span', { class: 'ringo-hint' }, user.email) : null,
            );
            item.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the input
            item.addEventListener('click', () => choose(user));
            return item;
          })),
    );
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const lookUp = async (text: string): Promise<void> => {
    const mine = ++generation;
    const pasted = GUID.exec(text.trim())?.[1]?.toLowerCase();
    let found: CrmUser[];
    if (pasted) {
      const row = await webApi
        .retrieveRecord(
          'systemuser',
          pasted,
          '?$select=fullname,internalemailaddress,isdisabled,applicationid',
        )
        .then(
          (r) => r,
          () => null,
        );
      const person = row && row['isdisabled'] !== true && !row['applicationid'];
      found = person
        ? [
            {
              id: pasted,
              name: String(row['fullname'] ?? ''),
              email: String(row['internalemailaddress'] ?? ''),
            },
          ]
        : [];
    } else found = await searchPeople(webApi, text);
    if (mine !== generation) return;
    options = found;
    render();
  };

  input.addEventListener('input', () => {
    win.clearTimeout(timer);
    if (!input.value.trim()) return close();
    timer = win.setTimeout(() => void lookUp(input.value).catch(() => close()), SEARCH_DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      if (listbox.hidden) render();
      highlight(Math.min(active + 1, options.length - 1));
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter' && !listbox.hidden) {
      event.preventDefault(); // choosing a user never submits the form
      const user = options[active >= 0 ? active : 0];
      if (user) choose(user);
    } else if (event.key === 'Escape' && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => win.setTimeout(close, 150));
  clearButton.addEventListener('click', () => {
    selected = '';
    showCurrent(null);
    input.focus();
  });

  showCurrent(null, selected ? selected : undefined);
  if (selected)
    webApi.retrieveRecord('systemuser', selected, '?$select=fullname,internalemailaddress').then(
      (row) =>
        showCurrent({
          id: selected,
          name: String(row['fullname'] ?? ''),
          email: String(row['internalemailaddress'] ?? ''),
        }),
      () => {
        error.textContent = t.errUserMissing;
      },
    );

  const element = h(
    doc,
    'div',
    { class: 'ringo-field ringo-picker' },
    h(doc, 'label', { for: id }, t.var_ringo_DefaultOwnerId),
    h(doc, 'div', { class: 'ringo-picker-selected' }, current, clearButton),
    input,
    listbox,
    h(doc, 'div', { id: 'owner-help', class: 'ringo-hint' }, t.ownerHelp),
    error,
  );
  return { name, input, error, element, read: () => selected };
}
