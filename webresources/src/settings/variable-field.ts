import { h } from '../shared/dom';
import type { EnvironmentVariable, RingoVariable } from '../shared/environment-variables';
import type { Texts } from '../shared/texts';

/**
 * One labelled input per environment variable: a select for the fixed choices, a text input otherwise,
 * the definition's default shown as the placeholder, and an error line tied by aria-describedby.
 */
export interface VariableField {
  readonly name: RingoVariable;
  readonly input: HTMLInputElement | HTMLSelectElement;
  readonly error: HTMLElement;
}

function choices(t: Texts, name: RingoVariable): readonly (readonly [string, string])[] | null {
  if (name === 'ringo_MissedCallMode')
    return [
      ['open', `open — ${t.missedOpen}`],
      ['completed', `completed — ${t.missedCompleted}`],
    ];
  if (name === 'ringo_Language')
    return [
      ['uk', 'uk — Українська'],
      ['en', 'en — English'],
    ];
  return null;
}

export function buildField(
  doc: Document,
  t: Texts,
  name: RingoVariable,
  variable: EnvironmentVariable | undefined,
): VariableField & { element: HTMLElement } {
  const id = `v-${name}`;
  const error = h(doc, 'div', { id: `${id}-error`, class: 'ringo-error', 'aria-live': 'polite' });
  const fallback = variable?.defaultValue ?? '';
  const options = choices(t, name);
  let input: HTMLInputElement | HTMLSelectElement;
  if (options) {
    input = h(doc, 'select', { id, name });
    input.appendChild(h(doc, 'option', { value: '' }, `${t.defaultValue}${fallback ? `: ${fallback}` : ''}`));
    for (const [value, label] of options) input.appendChild(h(doc, 'option', { value }, label));
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
  return { name, input, error, element };
}
