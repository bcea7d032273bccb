import { callAiTexts } from '../../webresources/src/call-ai/call-ai-texts';
import { staffTexts } from '../../webresources/src/settings/staff-texts';
import type { Language } from '../../webresources/src/shared/crm-language';
import { textsFor } from '../../webresources/src/shared/texts';

/** Words that stay as they are in every language: product names, formats, technical codes, {placeholders}. */
const NAMES =
  /[\w*-]+(?:\.[\w-]+)+|\w+=[\w@.+-]+|\b(Ringostat AI|Ringostat|SIP|Smart|CRM|CSV|Webhooks|Xrm|API|https?|UA|ID|Id|id|example|com|ringostat|token)\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\{\w+\}/g;

/** Every dictionary a page shows: the shared one and the panels' own (AI analysis, staff card). */
const DICTIONARIES: Record<string, (language: Language) => Readonly<Record<string, string>>> = {
  pages: textsFor,
  'AI panel': callAiTexts,
  'staff card': staffTexts,
};

/** Keys whose Ukrainian and Russian texts are rightly the same word. */
const SAME_IN_UK_AND_RU: Record<string, string[]> = {
  pages: ['contact', 'dateFormat', 'pause', 'result', 'searchNumberPlaceholder', 'when'],
  'AI panel': [],
  'staff card': ['ext'],
};

describe.each(Object.keys(DICTIONARIES))('the %s texts', (name) => {
  const texts = DICTIONARIES[name] as (language: Language) => Readonly<Record<string, string>>;
  const en = texts('en');

  it.each(['uk', 'ru'] as const)('%s has every English key, none empty, none left in English', (language) => {
    const translated = texts(language);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      const value = translated[key] ?? '';
      expect([key, value.trim().length > 0]).toEqual([key, true]);
      const latinWords = value.replace(NAMES, '').match(/[A-Za-z]{3,}/g) ?? [];
      expect([key, latinWords]).toEqual([key, []]);
    }
  });

  it('Russian has no Ukrainian letters and Ukrainian no Russian ones', () => {
    for (const [key, value] of Object.entries(texts('ru')))
      expect([key, value.match(/[ІіЇїЄєҐґ]/g)]).toEqual([key, null]);
    for (const [key, value] of Object.entries(texts('uk')))
      expect([key, value.match(/[ЫыЭэЁё]/g)]).toEqual([key, null]);
  });

  it('Ukrainian and Russian differ where they should (not one pasted for the other)', () => {
    const uk = texts('uk');
    const ru = texts('ru');
    const same = Object.keys(en).filter((k) => uk[k] === ru[k]);
    expect(same.sort()).toEqual(SAME_IN_UK_AND_RU[name]);
  });
});
