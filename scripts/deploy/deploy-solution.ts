import { randomUUID } from 'node:crypto';
import {
  DeployError,
  DeployFailure,
  explainHttpError,
  hexCode,
  isCustomizationLock,
  missingDependencies,
} from './deploy-errors';
import { setEnvironmentVariableValues } from './environment-variable-values';
import { createWebApi, DataverseHttpError, type FetchLike, type WebApi } from './web-api-client';

export interface DeployOptions {
  /** Environment URL, e.g. https://contoso.crm4.dynamics.com */
  url: string;
  getToken: () => Promise<string>;
  /** The solution package (from packSolution or a file in dist/). */
  zip: Uint8Array;
  /** Environment variable values by schema name, e.g. { ringo_ReceiverUrl: 'https://…' }. */
  values: Readonly<Record<string, string>>;
  fetch?: FetchLike;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  /** Overwrite unmanaged customizations of our components (default false: keep what admins changed). */
  overwriteUnmanagedCustomizations?: boolean;
  pollIntervalMs?: number;
  /** Give up waiting for the import after this many polls (default 900 ≈ 30 min at 2 s). */
  maxPolls?: number;
  /** Wait between attempts while another solution operation holds the customization lock. */
  lockWaitMs?: number;
  lockRetries?: number;
}

export interface DeployResult {
  asyncOperationId: string;
  importJobId: string;
  attempts: number;
}

/** asyncoperation state/status (learn …/reference/entities/asyncoperation): Completed = 3; 30 ok, 31 failed, 32 canceled. */
const COMPLETED = 3;
const SUCCEEDED = 30;

interface AsyncOperation {
  statecode: number;
  statuscode: number;
  message?: string | null;
  friendlymessage?: string | null;
  /** The failure's Dataverse error code as a signed integer (reference/entities/asyncoperation). */
  errorcode?: number | null;
}

async function importOnce(
  api: WebApi,
  options: DeployOptions,
): Promise<{ asyncOperationId: string; importJobId: string }> {
  // ImportSolutionAsync (learn …/data-platform/webapi/reference/importsolutionasync, power-platform/alm/solution-async):
  // answers AsyncOperationId + ImportJobKey. ComponentParameters is not nullable (send [] when there are no values)
  // and sets environment variable values as part of the import; ImportJobId names the import job.
  const response = await api.post<{ AsyncOperationId?: string; ImportJobKey?: string }>(
    'ImportSolutionAsync',
    {
      OverwriteUnmanagedCustomizations: options.overwriteUnmanagedCustomizations ?? false,
      PublishWorkflows: true,
      CustomizationFile: Buffer.from(options.zip).toString('base64'),
      ImportJobId: randomUUID(),
      ComponentParameters: Object.entries(options.values).map(([schemaname, value]) => ({
        '@odata.type': 'Microsoft.Dynamics.CRM.environmentvariablevalue',
        schemaname,
        value,
      })),
    },
  );
  if (!response?.AsyncOperationId)
    throw new DeployError(
      DeployFailure.Http,
      'ImportSolutionAsync answered without an AsyncOperationId',
      true,
    );
  return { asyncOperationId: response.AsyncOperationId, importJobId: response.ImportJobKey ?? '' };
}

async function waitForImport(api: WebApi, id: string, options: DeployOptions): Promise<AsyncOperation> {
  const maxPolls = options.maxPolls ?? 900;
  for (let poll = 1; poll <= maxPolls; poll++) {
    const op = await api.get<AsyncOperation>(
      `asyncoperations(${id})?$select=statecode,statuscode,message,friendlymessage,errorcode`,
    );
    if (op.statecode === COMPLETED) return op;
    options.log(`  importing… (check ${poll}, state ${op.statecode}, status ${op.statuscode})`);
    await options.sleep(options.pollIntervalMs ?? 2000);
  }
  throw new DeployError(
    DeployFailure.Timeout,
    `The import (async operation ${id}) has not finished after ${maxPolls} checks. It may still be running: ` +
      'see Solutions → History in the maker portal before deploying again.',
    true,
  );
}

/**
 * Imports the solution through the Web API: ImportSolutionAsync → poll asyncoperations(<id>) until
 * completed → PublishAllXml → make sure every given environment variable value is set. Waits and retries
 * while another solution operation holds the customization lock; explains every other failure.
 */
export async function deploySolution(options: DeployOptions): Promise<DeployResult> {
  const api = createWebApi({
    url: options.url,
    getToken: options.getToken,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const lockRetries = options.lockRetries ?? 10;
  try {
    for (let attempt = 1; ; attempt++) {
      const lockWait = async (why: string): Promise<boolean> => {
        if (attempt > lockRetries) return false;
        options.log(
          `  another solution operation is running (${why}); waiting ${Math.round((options.lockWaitMs ?? 30000) / 1000)} s, then retrying (${attempt}/${lockRetries})`,
        );
        await options.sleep(options.lockWaitMs ?? 30000);
        return true;
      };
      options.log(`Importing the solution into ${options.url} (${options.zip.length} bytes)…`);
      let started;
      try {
        started = await importOnce(api, options);
      } catch (e) {
        if (e instanceof DataverseHttpError && isCustomizationLock(e.code) && (await lockWait(e.code)))
          continue;
        if (e instanceof DataverseHttpError && isCustomizationLock(e.code))
          throw lockedError(lockRetries, e.message);
        throw e;
      }
      const op = await waitForImport(api, started.asyncOperationId, options);
      if (op.statuscode !== SUCCEEDED) {
        const message = op.friendlymessage || op.message || `status ${op.statuscode}`;
        const locked = isCustomizationLock(op.errorcode);
        if (locked && (await lockWait(`${hexCode(op.errorcode)} ${message}`))) continue;
        if (locked) throw lockedError(lockRetries, message);
        const deps = missingDependencies(op.message ?? '');
        if (deps.length > 0)
          throw new DeployError(
            DeployFailure.MissingDependency,
            `The import failed: the environment lacks ${deps.join('; ')}. Install or enable it, then deploy again.`,
            false,
          );
        throw new DeployError(DeployFailure.ImportFailed, `The import failed: ${message}`, false);
      }
      options.log('Import finished. Publishing customizations…');
      await api.post('PublishAllXml', {});
      await setEnvironmentVariableValues(api, options.values, options.log);
      options.log('Deployed.');
      return { ...started, attempts: attempt };
    }
  } catch (e) {
    if (e instanceof DataverseHttpError) throw explainHttpError(e, options.url);
    throw e;
  }
}

function lockedError(retries: number, message: string): DeployError {
  return new DeployError(
    DeployFailure.Locked,
    `Another solution import or publish kept running through ${retries} retries (${message}). Try again when it has finished.`,
    true,
  );
}
