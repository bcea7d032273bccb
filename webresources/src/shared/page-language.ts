import { languageOfLcid, resolveLanguage, type Language } from './crm-language';
import { effectiveValue, readEnvironmentVariables } from './environment-variables';

/**
 * The page language: the user's CRM language, or ringo_Language when the user's language is one we do
 * not translate. The environment variable is only read in that case, so most users cost no request.
 */
export async function pageLanguage(xrm: Xrm.XrmStatic): Promise<Language> {
  const languageId = xrm.Utility.getGlobalContext().userSettings.languageId;
  const direct = resolveLanguage(languageId, null);
  if (languageOfLcid(languageId)) return direct;
  try {
    const variables = await readEnvironmentVariables(xrm.WebApi, ['ringo_Language']);
    return resolveLanguage(languageId, effectiveValue(variables.get('ringo_Language')));
  } catch {
    return direct; // the language is cosmetic: never block the page on it
  }
}
