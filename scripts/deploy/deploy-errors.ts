import type { DataverseHttpError } from './web-api-client';

/** Why a deployment stopped. Each kind tells the admin whose problem it is and whether to retry. */
export const DeployFailure = {
  /** 401: the token was refused — app registration, secret or tenant is wrong. Retrying will not help. */
  Unauthorized: 'unauthorized',
  /** 403: the application user lacks privileges to import. Retrying will not help. */
  Forbidden: 'forbidden',
  /** Another solution operation kept the customization lock for all our retries. Retry later. */
  Locked: 'locked',
  /** The target lacks a component the solution depends on. Install that first. */
  MissingDependency: 'missing-dependency',
  /** Dataverse ran the import and it failed. */
  ImportFailed: 'import-failed',
  /** The import did not finish in time; it may still be running in Dataverse. */
  Timeout: 'timeout',
  /** A value was given for an environment variable the environment does not define. Fix the name. */
  UnknownVariable: 'unknown-variable',
  /** Anything else Dataverse answered. */
  Http: 'http',
} as const;
export type DeployFailure = (typeof DeployFailure)[keyof typeof DeployFailure];

export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    readonly kind: DeployFailure,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * CustomizationLockEx_* 0x8004F061–0x8004F067: "Cannot start the requested operation because there is
 * another [{0}] running at this moment" — Microsoft Learn data-service-errors; wait and retry. Decided
 * by code only: the message is in the language of the org's application user.
 */
export function isCustomizationLock(code: string | number | null | undefined): boolean {
  return /^0x8004f06[1-7]$/i.test(hexCode(code));
}

/**
 * An error code as Dataverse writes it in a Web API error body (`0x8004F063`). asyncoperation.errorcode
 * holds the same code as a signed 32-bit integer (-2147159965).
 */
export function hexCode(code: string | number | null | undefined): string {
  if (typeof code === 'number' && Number.isInteger(code))
    return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  return typeof code === 'string' ? code.trim() : '';
}

/**
 * Names the missing components from a failed import message. Dataverse lists them as
 * `<MissingDependency><Required type=… schemaName=… displayName=… solution=…/>…` inside the message.
 */
export function missingDependencies(message: string): string[] {
  const names: string[] = [];
  for (const m of message.matchAll(/<Required\b([^>]*)\/?>/g)) {
    const attrs = m[1] ?? '';
    const attr = (name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
    const label = attr('displayName') ?? attr('schemaName') ?? attr('id') ?? 'unknown component';
    const schema = attr('schemaName');
    const solution = attr('solution');
    names.push(
      `${label}${schema && schema !== label ? ` (${schema})` : ''}${solution ? ` from solution ${solution.replace(/\s*\(.*\)$/, '')}` : ''}`,
    );
  }
  return names;
}

/** Turns an HTTP error from Dataverse into a DeployError that says what to do about it. */
export function explainHttpError(e: DataverseHttpError, url: string): DeployError {
  if (e.status === 401)
    return new DeployError(
      DeployFailure.Unauthorized,
      `Dataverse at ${url} refused the access token (401). The app registration or secret is wrong, or the token is for ` +
        'another environment: check AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET (or DATAVERSE_TOKEN) and ' +
        'that an application user for this app exists in the environment.',
      false,
    );
  if (e.status === 403)
    return new DeployError(
      DeployFailure.Forbidden,
      `The application user may not import solutions in ${url} (403: ${e.message}). Give it the System Customizer role ` +
        'for the deployment (see docs/admin-guide.md), then run the deploy again.',
      false,
    );
  const deps = missingDependencies(e.message);
  if (deps.length > 0)
    return new DeployError(
      DeployFailure.MissingDependency,
      `The environment lacks what the solution depends on: ${deps.join('; ')}. Install or enable it, then deploy again.`,
      false,
    );
  return new DeployError(
    DeployFailure.Http,
    `Dataverse answered ${e.status}${e.code ? ` ${e.code}` : ''} to ${e.path}: ${e.message}`,
    e.status >= 500 || e.status === 429,
  );
}
