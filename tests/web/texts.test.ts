import { en, textsFor } from '../../webresources/src/shared/texts';

/** Words that stay as they are in every language: product names, formats and technical codes. */
const NAMES =
  /\b(Ringostat|Smart|CRM|CSV|Webhooks|Xrm|API|https?|UA|ID|Id|id|example|com|ringostat|token)\b/g;

describe('the pages’ texts', () => {
  it.each(['uk', 'ru'] as const)('%s has every English key, none empty, none left in English', (language) => {
    const texts = textsFor(language);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const value = texts[key];
      expect([key, value.trim().length > 0]).toEqual([key, true]);
      const latinWords = value.replace(NAMES, '').match(/[A-Za-z]{3,}/g) ?? [];
      expect([key, latinWords]).toEqual([key, []]);
    }
  });

  it('Ukrainian and Russian differ where they should (not one pasted for the other)', () => {
    const uk = textsFor('uk');
    const ru = textsFor('ru');
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => uk[k] === ru[k]);
    expect(same.sort()).toEqual([
      'contact',
      'dateFormat',
      'pause',
      'result',
      'searchNumberPlaceholder',
      'when',
    ]);
  });
});
