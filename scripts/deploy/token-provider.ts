import { ConfidentialClientApplication } from '@azure/msal-node';

/** Credentials are missing: the admin must set them; retrying will not help. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export interface TokenEnvironment {
  AZURE_TENANT_ID?: string | undefined;
  AZURE_CLIENT_ID?: string | undefined;
  AZURE_CLIENT_SECRET?: string | undefined;
  DATAVERSE_TOKEN?: string | undefined;
}

/**
 * A getToken() for the deploy: a static DATAVERSE_TOKEN (emulator, short manual test), else MSAL client
 * credentials with scope `<environment-url>/.default` — Microsoft Learn "Use OAuth with Dataverse"
 * (…/data-platform/authenticate-oauth): confidential clients use the .default scope. MSAL caches and
 * refreshes the token.
 */
export function createTokenProvider(url: string, env: TokenEnvironment): () => Promise<string> {
  const staticToken = env.DATAVERSE_TOKEN;
  if (staticToken) return () => Promise.resolve(staticToken);
  const { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret } = env;
  const missing = [
    !tenant && 'AZURE_TENANT_ID',
    !clientId && 'AZURE_CLIENT_ID',
    !secret && 'AZURE_CLIENT_SECRET',
  ].filter(Boolean);
  if (!tenant || !clientId || !secret)
    throw new CredentialsError(
      `Set ${missing.join(', ')} (the app registration of the application user, see docs/admin-guide.md), or DATAVERSE_TOKEN.`,
    );
  const app = new ConfidentialClientApplication({
    auth: { clientId, clientSecret: secret, authority: `https://login.microsoftonline.com/${tenant}` },
  });
  const scope = `${new URL(url).origin}/.default`;
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [scope] }).catch((e: unknown) => {
      throw explainTokenError(e, scope);
    });
    if (!result?.accessToken)
      throw new CredentialsError(`Microsoft Entra ID returned no access token for ${scope}`);
    return result.accessToken;
  };
}

/**
 * Turns an MSAL failure into what the admin should check. Entra ID error codes (AADSTS…) from
 * learn.microsoft.com/entra/identity-platform/reference-error-codes.
 */
export function explainTokenError(e: unknown, scope: string): CredentialsError {
  const message = e instanceof Error ? e.message : String(e);
  const hint = /AADSTS7000215|AADSTS7000222|invalid_client/i.test(message)
    ? 'the client secret is wrong or expired: check AZURE_CLIENT_SECRET'
    : /AADSTS700016|unauthorized_client/i.test(message)
      ? 'no app with AZURE_CLIENT_ID exists in the tenant AZURE_TENANT_ID'
      : /AADSTS90002|AADSTS900023|tenant/i.test(message)
        ? 'the tenant is wrong: check AZURE_TENANT_ID'
        : /AADSTS500011/i.test(message)
          ? 'the environment URL is wrong (no such resource in the tenant): check --url / --env'
          : 'Microsoft Entra ID could not be reached or refused the request; retrying may help if it was a network error';
  return new CredentialsError(
    `Could not get a token for ${scope}: ${hint}. (${message.split('\n')[0] ?? ''})`,
  );
}
