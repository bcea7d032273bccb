import {
  DEFAULT_CALL_SETTINGS,
  LANGUAGES,
  MISSED_CALL_MODES,
  type CallSettings,
  type Language,
  type MissedCallMode,
} from '../domain/call-settings';

/**
 * The six solution environment variables (DESIGN.md §4) → CallSettings. Precedence per variable:
 * RINGO_<NAME> process override, then the environment variable's current value in Dataverse, then its
 * default value, then the product default. Pure: values come in, settings or problems come out.
 *
 * ringo_DefaultOwnerId left empty falls back to the application user the receiver signs in as
 * (WhoAmI), see docs/adr/0032-default-owner-falls-back-to-the-application-user.md.
 */
export const SETTING_NAMES = [
  'ringo_DefaultOwnerId',
  'ringo_DefaultCountry',
  'ringo_ReceiverUrl',
  'ringo_MissedCallMode',
  'ringo_CallbackDueHours',
  'ringo_Language',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];
export type SettingSource = 'override' | 'dataverse' | 'default' | 'application-user';

export interface SettingsInput {
  /** Values read from Dataverse (current value, else the definition's default), by schema name. */
  dataverse: Partial<Record<string, string>>;
  /** RINGO_<NAME> overrides by schema name (config.ringoOverrides). */
  overrides: Partial<Record<string, string>>;
  /** systemuserid of the application user (WhoAmI), the owner of last resort. */
  applicationUserId?: string;
}

export type ResolvedSettings =
  | { ok: true; settings: CallSettings; sources: Record<SettingName, SettingSource> }
  | { ok: false; problems: string[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveSettings(input: SettingsInput): ResolvedSettings {
  const problems: string[] = [];
  const sources = {} as Record<SettingName, SettingSource>;
  const pick = (name: SettingName): string | undefined => {
    const override = input.overrides[name]?.trim();
    if (override) return ((sources[name] = 'override'), override);
    const value = input.dataverse[name]?.trim();
    if (value) return ((sources[name] = 'dataverse'), value);
    sources[name] = 'default';
    return undefined;
  };
  const where = (name: SettingName) =>
    sources[name] === 'override' ? `${name.toUpperCase()} (process environment)` : `${name} (Dataverse)`;

  let defaultOwnerId = pick('ringo_DefaultOwnerId')
    ?.replace(/^\{|\}$/g, '')
    .toLowerCase();
  if (defaultOwnerId && !GUID.test(defaultOwnerId)) {
    problems.push(`${where('ringo_DefaultOwnerId')} must be a systemuserid GUID, got "${defaultOwnerId}"`);
  }
  if (!defaultOwnerId && input.applicationUserId) {
    defaultOwnerId = input.applicationUserId;
    sources.ringo_DefaultOwnerId = 'application-user';
  }
  if (!defaultOwnerId) problems.push('ringo_DefaultOwnerId is empty and the application user is unknown');

  const country = (pick('ringo_DefaultCountry') ?? DEFAULT_CALL_SETTINGS.defaultCountry).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    problems.push(
      `${where('ringo_DefaultCountry')} must be a two-letter country code such as UA, got "${country}"`,
    );
  }
  const mode = (pick('ringo_MissedCallMode') ?? DEFAULT_CALL_SETTINGS.missedCallMode).toLowerCase();
  if (!(MISSED_CALL_MODES as readonly string[]).includes(mode)) {
    problems.push(`${where('ringo_MissedCallMode')} must be open or completed, got "${mode}"`);
  }
  const hoursText = pick('ringo_CallbackDueHours');
  const hours = hoursText === undefined ? DEFAULT_CALL_SETTINGS.callbackDueHours : Number(hoursText);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 90) {
    problems.push(
      `${where('ringo_CallbackDueHours')} must be a number of hours from 0 to 2160, got "${hoursText}"`,
    );
  }
  const language = (pick('ringo_Language') ?? DEFAULT_CALL_SETTINGS.language).toLowerCase();
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    problems.push(`${where('ringo_Language')} must be uk or en, got "${language}"`);
  }
  const receiverUrl = pick('ringo_ReceiverUrl');

  if (problems.length > 0 || !defaultOwnerId) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      defaultOwnerId,
      defaultCountry: country,
      missedCallMode: mode as MissedCallMode,
      callbackDueHours: hours,
      language: language as Language,
      ...(receiverUrl ? { receiverUrl } : {}),
    },
    sources,
  };
}
