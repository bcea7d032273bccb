import { createTokenProvider } from '../../../webhook-receiver/src/dataverse/token-provider';

describe('token provider', () => {
  it('hands out a static DATAVERSE_TOKEN as it is', async () => {
    const getToken = createTokenProvider({ url: 'https://org.crm4.dynamics.com', staticToken: 'abc' });
    await expect(getToken()).resolves.toBe('abc');
  });

  it('refuses incomplete client credentials, naming the variables to set', () => {
    expect(() =>
      createTokenProvider({ url: 'https://org.crm4.dynamics.com', tenantId: 't', clientId: 'c' }),
    ).toThrow(/AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or DATAVERSE_TOKEN/);
  });
});
