import {
  loadDataverseSettings,
  SettingsError,
} from '../../../webhook-receiver/src/settings/dataverse-settings';
import { startFixture, type GatewayFixture } from '../gateway/gateway-fixture';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('settings from Dataverse environment variables', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  function setValue(schemaname: string, value: string): void {
    const definition = f.org.emulator
      .rows('environmentvariabledefinition')
      .find((d) => d.schemaname === schemaname);
    f.org.emulator.insert('environmentvariablevalue', {
      schemaname,
      value,
      environmentvariabledefinitionid: String(definition!.environmentvariabledefinitionid),
    });
  }

  it('reads the solution defaults and falls back to the application user as owner', async () => {
    const source = await loadDataverseSettings({ client: f.client, overrides: {} });
    const declared = f.org.emulator
      .rows('environmentvariabledefinition')
      .find((d) => d.schemaname === 'ringo_CallbackDueHours')?.defaultvalue;
    expect(source.current()).toEqual({
      defaultOwnerId: f.org.emulator.whoAmI().UserId,
      defaultCountry: 'UA',
      missedCallMode: 'open',
      callbackDueHours: Number(declared),
      language: 'uk',
    });
    expect(source.sources().ringo_DefaultOwnerId).toBe('application-user');
  });

  it('current values win over defaults, overrides over both, and a refresh picks up a change', async () => {
    setValue('ringo_DefaultOwnerId', f.defaultOwner);
    setValue('ringo_Language', 'en');
    const source = await loadDataverseSettings({ client: f.client, overrides: { ringo_Language: 'uk' } });
    expect(source.current()).toMatchObject({ defaultOwnerId: f.defaultOwner, language: 'uk' });

    setValue('ringo_CallbackDueHours', '6');
    await source.refresh();
    expect(source.current().callbackDueHours).toBe(6);
  });

  it('refuses a default owner that names no user, saying which variable to fix', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    await expect(
      loadDataverseSettings({ client: f.client, overrides: { ringo_DefaultOwnerId: missing } }),
    ).rejects.toThrow(SettingsError);
    await expect(
      loadDataverseSettings({ client: f.client, overrides: { ringo_DefaultOwnerId: missing } }),
    ).rejects.toThrow(/ringo_DefaultOwnerId 11111111-2222-4333-8444-555555555555 names no user/);
  });
});
