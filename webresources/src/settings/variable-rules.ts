import type { RingoVariable } from '../shared/environment-variables';
import { splitRecordingHosts } from '../shared/recording-hosts';
import type { TextKey } from '../shared/texts';
import { forwardingRule, recordingHosts } from './forwarding-rules';

/**
 * What each ringo_* environment variable accepts (DESIGN.md §4). An empty value is always allowed: it
 * removes the override and the definition's default applies. Each rule returns the text key of the
 * message to show, or null when the value is fine.
 */
export type VariableRule = (value: string) => TextKey | null;

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

function receiverUrl(value: string): TextKey | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'errUrl';
  }
  // Ringostat sends the token in the URL: only TLS keeps it secret. Plain http only for a local receiver.
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'errUrl';
  if (url.search || url.hash || url.username || url.password) return 'errUrl';
  return null;
}

export const VARIABLE_RULES: Readonly<Record<RingoVariable, VariableRule>> = {
  ringo_ReceiverUrl: receiverUrl,
  ringo_DefaultOwnerId: (value) => (GUID.test(value) ? null : 'errGuid'),
  ringo_DefaultCountry: (value) => (/^[A-Z]{2}$/.test(value) ? null : 'errCountry'),
  ringo_MissedCallMode: (value) => (value === 'open' || value === 'completed' ? null : 'errChoice'),
  ringo_CallbackDueHours: (value) => {
    if (!/^\d+$/.test(value)) return 'errHours';
    const hours = Number(value);
    return hours >= 1 && hours <= 720 ? null : 'errHours';
  },
  ringo_Language: (value) => (value === 'uk' || value === 'en' ? null : 'errChoice'),
  ringo_RecordingHosts: recordingHosts,
  ringo_ForwardingEnabled: forwardingRule('ringo_ForwardingEnabled'),
  ringo_ForwardingHours: forwardingRule('ringo_ForwardingHours'),
  ringo_ForwardingAmbiguous: forwardingRule('ringo_ForwardingAmbiguous'),
  ringo_ForwardingExtensions: forwardingRule('ringo_ForwardingExtensions'),
};

/**
 * Trims; country codes are upper-cased and GUIDs lower-cased without braces, as the receiver reads them;
 * recording hosts are written lower-case, one comma between them.
 */
export function normaliseValue(name: RingoVariable, value: string): string {
  const text = value.trim();
  if (name === 'ringo_DefaultCountry') return text.toUpperCase();
  if (name === 'ringo_RecordingHosts') return splitRecordingHosts(text).join(', ');
  if (name === 'ringo_DefaultOwnerId') return text.replace(/^\{|\}$/g, '').toLowerCase();
  if (name === 'ringo_ReceiverUrl') return text.replace(/\/+$/, '');
  return text;
}

export function validateValue(name: RingoVariable, value: string): TextKey | null {
  return value === '' ? null : VARIABLE_RULES[name](value);
}
