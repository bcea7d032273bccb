import {
  createTokenProvider,
  CredentialsError,
  explainTokenError,
  DeployUsageError,
  isCustomizationLock,
  missingDependencies,
  parseDeployArgs,
  parseValuesJson,
} from '../../../scripts/deploy/index';
import { parsePacConfig } from '../../../scripts/solution';

const config = parsePacConfig({
  solution: {
    uniqueName: 'RingostatIntegration',
    displayName: 'Ringostat',
    version: '1.0.0.0',
    description: 'd',
  },
  publisher: { uniqueName: 'ringostat', displayName: 'Ringostat', prefix: 'ringo', optionValuePrefix: 10735 },
  environments: { emulator: { url: 'http://127.0.0.1:5555' } },
});

describe('deploy command line', () => {
  it('takes the environment URL from pac.config.json and collects --set values', () => {
    const args = parseDeployArgs(
      ['--env', 'emulator', '--set', 'ringo_ReceiverUrl=https://rx.example.com/a=b', '--managed'],
      config,
      'ringo',
    );
    expect(args).toMatchObject({
      url: 'http://127.0.0.1:5555',
      envName: 'emulator',
      managed: true,
      set: { ringo_ReceiverUrl: 'https://rx.example.com/a=b' },
    });
  });

  it('names the known environments when --env is unknown', () => {
    expect(() => parseDeployArgs(['--env', 'prod'], config, 'ringo')).toThrow(
      'pac.config.json has no environments.prod.url (known: emulator)',
    );
  });

  it('refuses a --set for a variable that is not ours', () => {
    expect(() =>
      parseDeployArgs(['--url', 'https://org.crm4.dynamics.com', '--set', 'ReceiverUrl=x'], config, 'ringo'),
    ).toThrow(DeployUsageError);
  });

  it('reads a values file and refuses one that is not an object of ringo_ names', () => {
    expect(
      parseValuesJson('{"ringo_CallbackDueHours": 4, "ringo_Language": "en"}', 'v.json', 'ringo'),
    ).toEqual({
      ringo_CallbackDueHours: '4',
      ringo_Language: 'en',
    });
    expect(() => parseValuesJson('["x"]', 'v.json', 'ringo')).toThrow(/must be a JSON object/);
    expect(() => parseValuesJson('{"other": "x"}', 'v.json', 'ringo')).toThrow(
      /"other" is not an environment variable/,
    );
  });
});

describe('import failure reading', () => {
  it('recognises every CustomizationLock code, as hex or as asyncoperation.errorcode, and never the text', () => {
    for (const code of ['0x8004F061', '0x8004f064', '0x8004F067', -2147159965])
      expect(isCustomizationLock(code)).toBe(true);
    expect(isCustomizationLock('0x8004F068')).toBe(false);
    expect(isCustomizationLock(undefined)).toBe(false);
    // An English message decides nothing: a Ukrainian org says the same thing in Ukrainian.
    expect(isCustomizationLock('there is another [Publish] running at this moment')).toBe(false);
  });

  it('lists each missing component with its solution', () => {
    const message =
      '<MissingDependencies><MissingDependency><Required type="1" schemaName="msdyn_a" displayName="A" solution="Base (1.0)" />' +
      '</MissingDependency><MissingDependency><Required type="61" schemaName="x_/y.js" /></MissingDependency></MissingDependencies>';
    expect(missingDependencies(message)).toEqual(['A (msdyn_a) from solution Base', 'x_/y.js']);
  });
});

describe('credentials', () => {
  it('asks for the missing variables when neither a token nor client credentials are set', () => {
    expect(() => createTokenProvider('https://org.crm4.dynamics.com', { AZURE_TENANT_ID: 't' })).toThrow(
      'Set AZURE_CLIENT_ID, AZURE_CLIENT_SECRET',
    );
  });

  it('uses a static DATAVERSE_TOKEN as is', async () => {
    await expect(
      createTokenProvider('https://org.crm4.dynamics.com', { DATAVERSE_TOKEN: 'abc' })(),
    ).resolves.toBe('abc');
  });

  it('explains an expired client secret', () => {
    const error = explainTokenError(
      new Error('invalid_client: AADSTS7000215: Invalid client secret provided.'),
      'https://org/.default',
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toContain('the client secret is wrong or expired: check AZURE_CLIENT_SECRET');
  });
});
