import type { Language } from '../shared/crm-language';
import type { Texts } from '../shared/texts';
import { recordingWord, type CallFacts } from './call-facts';
import { OPTIONAL_COLUMNS, type OptionalKey } from './call-columns';

/**
 * The filtered calls as a CSV file Excel opens correctly on an agent's machine:
 * - UTF-8 with a byte-order mark, or Excel reads Cyrillic names as mojibake;
 * - ";" as the separator for Ukrainian and Russian (their Windows list separator; a comma file would open
 *   as one column), "," for English;
 * - every cell quoted, quotes doubled, line breaks kept inside the quotes (RFC 4180);
 * - formula injection neutralised: a cell starting with = + - @ tab or carriage return gets a leading
 *   apostrophe, so a contact named "=HYPERLINK(…)" stays text (OWASP "CSV Injection").
 * No recording links: they carry Ringostat's access token. The optional columns the agent shows in the
 * journal follow, in the picker's order, with the values as the journal shows them (docs/adr/0146).
 */
export const BOM = '\uFEFF';

export function csvSeparator(language: Language): string {
  return language === 'en' ? ',' : ';';
}

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function buildCsv(
  calls: readonly CallFacts[],
  t: Texts,
  language: Language,
  shown: readonly OptionalKey[] = [],
): string {
  const separator = csvSeparator(language);
  const optional = OPTIONAL_COLUMNS.filter((c) => shown.includes(c.key));
  const header = [
    t.when,
    t.direction,
    t.phone,
    t.contact,
    t.employee,
    t.result,
    `${t.talkTime} (s)`,
    t.recording,
    t.callId,
    ...optional.map((c) => t[c.label]),
  ];
  const lines = [header.map(csvCell).join(separator)];
  for (const call of calls) {
    lines.push(
      [
        call.when,
        call.direction,
        call.phone,
        call.contactName,
        call.employee,
        call.result,
        call.talkSeconds,
        recordingWord(call.recording, t),
        call.callId,
        ...optional.map((c) => call.attribution[c.key]),
      ]
        .map(csvCell)
        .join(separator),
    );
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** e.g. ringostat-calls-2026-03-02.csv (the day the file was made, in the user's calendar). */
export function csvFileName(today: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `ringostat-calls-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}
