import { ConfidentialClientApplication } from '@azure/msal-node';
import type { DataverseConfig } from '../config';
import { DataverseError } from './dataverse-error';

/**
 * `getToken()` for dynamics-web-api's onTokenRefresh, called before every request.
 *
 * Client credentials (Microsoft Learn, developer/data-platform/authenticate-oauth: "For a confidential
 * client, use a scope of `<environment-url>/.default`"). One ConfidentialClientApplication per process:
 * MSAL answers from its in-memory cache and renews ahead of expiry, so this costs nothing per request.
 * A static DATAVERSE_TOKEN (the emulator, a short manual test) skips Entra ID altogether.
 */
export type GetToken = () => Promise<string>;

/** Providers by org and app: the worker, the phone directory and the contact-book sync share one token cache. */
const providers = new Map<string, GetToken>();

export function createTokenProvider(config: DataverseConfig): GetToken {
  const staticToken = config.staticToken;
  if (staticToken !== undefined) return () => Promise.resolve(staticToken);
  const { tenantId, clientId, clientSecret } = config;
  const key = JSON.stringify([config.url, tenantId, clientId, clientSecret]);
  const existing = providers.get(key);
  if (existing) return existing;
  const provider = clientCredentials(config);
  providers.set(key, provider);
  return provider;
}

function clientCredentials(config: DataverseConfig): GetToken {
  const { tenantId, clientId, clientSecret } = config;
  if (!tenantId || !clientId || !clientSecret) {
    throw new TypeError(
      'Dataverse credentials are incomplete: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or DATAVERSE_TOKEN',
    );
  }
  const app = new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: `https://login.microsoftonline.com/${tenantId}` },
  });
  const scopes = [`${config.url}/.default`];
  return async () => {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes });
      if (result?.accessToken) return result.accessToken;
      throw new Error('Entra ID returned no access token');
    } catch (thrown) {
      // No HTTP status: counts as transient, so events wait (and /readyz says why) instead of dying.
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      throw new DataverseError(
        `could not get a token for ${config.url} from Entra ID (check AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and the application user): ${reason}`,
        undefined,
        'token',
      );
    }
  };
}
