import { h } from '../shared/dom';
import type { EnvironmentVariable, RingoVariable } from '../shared/environment-variables';
import type { TextKey, Texts } from '../shared/texts';

/**
 * One labelled control per environment variable: a select with words (never codes) for the fixed
 * choices, a text input otherwise, the definition's default shown as the placeholder or the empty
 * choice, a help line where the value has a syntax to learn, and an error line, both tied by
 * aria-describedby. A stored value that is none of the choices (typed elsewhere, e.g. `yes`) stays
 * selectable as it is, so saving another field never rewrites it. `read()` is what would be saved.
 */
export interface VariableField {
  readonly name: RingoVariable;
  /** The control to focus when the value is wrong. */
  readonly input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
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
  ringo_ForwardingEnabled: [
    ['on', 'yes'],
    ['off', 'no'],
  ],
  ringo_ForwardingAmbiguous: [
    ['same-owner', 'ambiguousSameOwner'],
    ['first', 'ambiguousFirst'],
    ['no-redirect', 'ambiguousNoRedirect'],
  ],
};

/** Lists an admin may write one entry a line (the receiver splits on `;` and on new lines). */
const LISTS: readonly RingoVariable[] = ['ringo_ForwardingHours', 'ringo_ForwardingExtensions'];

/** The help line of the variables whose value has a syntax to learn. */
const HELP: Partial<Record<RingoVariable, TextKey>> = {
  ringo_RecordingHosts: 'help_ringo_RecordingHosts',
  ringo_ForwardingEnabled: 'help_ringo_ForwardingEnabled',
  ringo_ForwardingHours: 'help_ringo_ForwardingHours',
  ringo_ForwardingAmbiguous: 'help_ringo_ForwardingAmbiguous',
  ringo_ForwardingExtensions: 'help_ringo_ForwardingExtensions',
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
  let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (options) {
    input = h(doc, 'select', { id, name });
    const shown = fallback ? `${t.defaultValue}: ${choiceLabel(t, name, fallback)}` : t.defaultValue;
    input.appendChild(h(doc, 'option', { value: '' }, shown));
    for (const [value, label] of options) input.appendChild(h(doc, 'option', { value }, t[label]));
    const stored = variable?.value ?? '';
    if (stored !== '' && !options.some(([value]) => value === stored)) {
      input.appendChild(h(doc, 'option', { value: stored }, stored));
    }
  } else if (LISTS.includes(name)) {
    input = h(doc, 'textarea', { id, name, rows: 2, autocomplete: 'off', spellcheck: 'false' });
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
  const help = HELP[name];
  const helpLine = help ? h(doc, 'div', { id: `${id}-help`, class: 'ringo-hint' }, t[help]) : null;
  input.setAttribute('aria-describedby', helpLine ? `${helpLine.id} ${error.id}` : error.id);
  if (!variable) input.disabled = true;
  const element = h(
    doc,
    'div',
    { class: 'ringo-field' },
    h(doc, 'label', { for: id }, t[`var_${name}`]),
    input,
    helpLine,
    error,
  );
  const control = input;
  return { name, input, error, element, read: () => control.value };
}
