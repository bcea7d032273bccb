import { h } from '../shared/dom';
import type { EnvironmentVariable, RingoVariable } from '../shared/environment-variables';
import type { TextKey, Texts } from '../shared/texts';

/**
 * One labelled control per environment variable: a select with words (never codes) for the fixed
 * choices, a text input otherwise, the definition's default shown as the placeholder or the empty
 * choice, and an error line tied by aria-describedby. `read()` is what would be saved.
 */
export interface VariableField {
  readonly name: RingoVariable;
  /** The control to focus when the value is wrong. */
  readonly input: HTMLInputElement | HTMLSelectElement;
  readonly error: HTMLElement;
  readonly element: HTMLElement;
  read(): string;
}

/** The words for each fixed choice; the stored value stays the code the receiver reads. */
export const CHOICES: Partial<Record<RingoVariable, readonly (readonly [string, TextKey])[]>> = {
  ringo_MissedCallMode: [
    ['open', 'missedOpen'],
    ['completed', 'missedCompleted'],
  ],
  ringo_Language: [
    ['uk', 'languageUk'],
    ['en', 'languageEn'],
  ],
};

export function choiceLabel(t: Texts, name: RingoVariable, value: string): string {
  const key = CHOICES[name]?.find(([code]) => code === value)?.[1];
  return key ? t[key] : value;
}

export function buildField(
  doc: Document,
  t: Texts,
  name: RingoVariable,
  variable: EnvironmentVariable | undefined,
): VariableField {
  const id = `v-${name}`;
  const error = h(doc, 'div', { id: `${id}-error`, class: 'ringo-error', 'aria-live': 'polite' });
  const fallback = variable?.defaultValue ?? '';
  const options = CHOICES[name];
  let input: HTMLInputElement | HTMLSelectElement;
  if (options) {
    input = h(doc, 'select', { id, name });
    const shown = fallback ? `${t.defaultValue}: ${choiceLabel(t, name, fallback)}` : t.defaultValue;
    input.appendChild(h(doc, 'option', { value: '' }, shown));
    for (const [value, label] of options) input.appendChild(h(doc, 'option', { value }, t[label]));
  } else {
    input = h(doc, 'input', {
      id,
      name,
      type: name === 'ringo_ReceiverUrl' ? 'url' : 'text',
      inputmode: name === 'ringo_CallbackDueHours' ? 'numeric' : undefined,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: fallback ? `${t.defaultValue}: ${fallback}` : undefined,
    });
  }
  input.value = variable?.value ?? '';
  input.setAttribute('aria-describedby', error.id);
  if (!variable) input.disabled = true;
  const element = h(
    doc,
    'div',
    { class: 'ringo-field' },
    h(doc, 'label', { for: id }, t[`var_${name}`]),
    input,
    error,
  );
  const control = input;
  return { name, input, error, element, read: () => control.value };
}
