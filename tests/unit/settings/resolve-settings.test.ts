import { resolveSettings } from '../../../webhook-receiver/src/settings/resolve-settings';

const OWNER = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const APP_USER = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

describe('resolveSettings', () => {
  it('uses the product defaults for everything Dataverse leaves empty', () => {
    const result = resolveSettings({ dataverse: { ringo_DefaultOwnerId: OWNER }, overrides: {} });
    expect(result).toEqual({
      ok: true,
      settings: {
        defaultOwnerId: OWNER,
        defaultCountry: 'UA',
        missedCallMode: 'open',
        callbackDueHours: 2,
        language: 'uk',
      },
      sources: expect.objectContaining({ ringo_DefaultOwnerId: 'dataverse', ringo_Language: 'default' }),
    });
  });

  it('a RINGO_<NAME> override beats the Dataverse value', () => {
    const result = resolveSettings({
      dataverse: { ringo_DefaultOwnerId: OWNER, ringo_MissedCallMode: 'open', ringo_CallbackDueHours: '4' },
      overrides: { ringo_MissedCallMode: 'Completed', ringo_Language: 'EN' },
    });
    expect(result.ok && result.settings).toMatchObject({
      missedCallMode: 'completed',
      callbackDueHours: 4,
      language: 'en',
    });
    expect(result.ok && result.sources.ringo_MissedCallMode).toBe('override');
  });

  it('falls back to the application user when no default owner is configured', () => {
    const result = resolveSettings({ dataverse: {}, overrides: {}, applicationUserId: APP_USER });
    expect(result.ok && result.settings.defaultOwnerId).toBe(APP_USER);
    expect(result.ok && result.sources.ringo_DefaultOwnerId).toBe('application-user');
  });

  it('accepts a GUID in braces and any case', () => {
    const result = resolveSettings({
      dataverse: { ringo_DefaultOwnerId: `{${OWNER.toUpperCase()}}` },
      overrides: {},
    });
    expect(result.ok && result.settings.defaultOwnerId).toBe(OWNER);
  });

  it('names every bad value and where it came from', () => {
    const result = resolveSettings({
      dataverse: {
        ringo_DefaultOwnerId: 'Olena',
        ringo_DefaultCountry: 'Ukraine',
        ringo_CallbackDueHours: 'two',
      },
      overrides: { ringo_MissedCallMode: 'later', ringo_Language: 'de' },
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'ringo_DefaultOwnerId (Dataverse) must be a systemuserid GUID, got "olena"',
        'ringo_DefaultCountry (Dataverse) must be a two-letter country code such as UA, got "UKRAINE"',
        'RINGO_MISSEDCALLMODE (process environment) must be open or completed, got "later"',
        'ringo_CallbackDueHours (Dataverse) must be a number of hours from 0 to 2160, got "two"',
        'RINGO_LANGUAGE (process environment) must be uk or en, got "de"',
      ],
    });
  });
});
