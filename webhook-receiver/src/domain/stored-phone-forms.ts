import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The spellings of one number that CRM users commonly leave in contact phone columns, for an exact-match
 * Dataverse query: `+380501234567`, `380501234567`, `0501234567`, `+380 50 123 4567`, `050 123 4567`.
 * Anything more creative is the job of the synced phone directory (ContactDirectory's second adapter).
 */
export function storedPhoneForms(e164: string): string[] {
  const forms = new Set([e164, e164.replace(/^\+/, '')]);
  const number = parsePhoneNumberFromString(e164);
  if (number) {
    const national = number.formatNational();
    forms.add(national.replace(/\D/g, ''));
    forms.add(number.formatInternational());
    forms.add(national);
  }
  return [...forms].filter((form) => form.length > 0);
}
