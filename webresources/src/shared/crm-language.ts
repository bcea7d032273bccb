/** The two languages the product speaks. */
export const Language = { uk: 'uk', en: 'en' } as const;
export type Language = (typeof Language)[keyof typeof Language];

/**
 * LCIDs of the user's CRM language (userSettings.languageId):
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/usersettings
 * 1058 = Ukrainian, 1033 = English (United States); other English locales map to English too.
 */
const LCID_TO_LANGUAGE: Readonly<Record<number, Language>> = {
  1058: 'uk',
  1033: 'en',
  2057: 'en',
  3081: 'en',
  4105: 'en',
};

export function isLanguage(value: unknown): value is Language {
  return value === 'uk' || value === 'en';
}

/**
 * The user's CRM language wins; the `ringo_Language` environment variable is the fallback for users
 * whose CRM language we do not translate (e.g. Polish), then Ukrainian, the seed's language.
 */
export function resolveLanguage(languageId: number | undefined, configured?: string | null): Language {
  const fromUser = languageId === undefined ? undefined : LCID_TO_LANGUAGE[languageId];
  if (fromUser) return fromUser;
  const fromConfig = configured?.trim().toLowerCase();
  return isLanguage(fromConfig) ? fromConfig : 'uk';
}

/** BCP 47 tag for Intl formatting. */
export function localeOf(language: Language): string {
  return language === 'uk' ? 'uk-UA' : 'en-GB';
}

/**
 * Before Xrm is available (the player waiting for its form, a page opened outside the CRM) the browser's
 * language is the only hint: English for an English browser, Ukrainian otherwise.
 */
export function browserLanguage(win: Window): Language {
  return win.navigator.language.toLowerCase().startsWith('en') ? 'en' : 'uk';
}
