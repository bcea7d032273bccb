/** The three languages the product speaks. */
export const Language = { uk: 'uk', en: 'en', ru: 'ru' } as const;
export type Language = (typeof Language)[keyof typeof Language];

/**
 * LCIDs of the user's CRM language (userSettings.languageId):
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/usersettings
 * 1058 = Ukrainian, 1033 = English (United States), 1049 = Russian; other English locales map to English.
 */
const LCID_TO_LANGUAGE: Readonly<Record<number, Language>> = {
  1058: 'uk',
  1033: 'en',
  2057: 'en',
  3081: 'en',
  4105: 'en',
  1049: 'ru',
};

/** The LCID each language is offered under in the solution's labels. */
export const LANGUAGE_LCID: Readonly<Record<Language, number>> = { uk: 1058, en: 1033, ru: 1049 };

export function isLanguage(value: unknown): value is Language {
  return value === 'uk' || value === 'en' || value === 'ru';
}

/** The page language for an LCID we translate, else undefined. */
export function languageOfLcid(languageId: number | undefined): Language | undefined {
  return languageId === undefined ? undefined : LCID_TO_LANGUAGE[languageId];
}

/**
 * The user's CRM language wins; the `ringo_Language` environment variable is the fallback for users
 * whose CRM language we do not translate (e.g. Polish), then Ukrainian, the seed's language.
 */
export function resolveLanguage(languageId: number | undefined, configured?: string | null): Language {
  const fromUser = languageOfLcid(languageId);
  if (fromUser) return fromUser;
  const fromConfig = configured?.trim().toLowerCase();
  return isLanguage(fromConfig) ? fromConfig : 'uk';
}

/** BCP 47 tag for Intl formatting (numbers, and dates when the CRM gives no format). */
export function localeOf(language: Language): string {
  return language === 'uk' ? 'uk-UA' : language === 'ru' ? 'ru-RU' : 'en-US';
}

/**
 * Before Xrm is available (the player waiting for its form, a page opened outside the CRM) the browser's
 * language is the only hint.
 */
export function browserLanguage(win: Window): Language {
  const tag = win.navigator.language.toLowerCase();
  return tag.startsWith('en') ? 'en' : tag.startsWith('ru') ? 'ru' : 'uk';
}
