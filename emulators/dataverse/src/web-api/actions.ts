import { DataverseFault, badRequest, notImplemented, resourceNotFound } from '../errors';
import type { Organization } from '../organization';
import { isoSeconds } from '../organization';
import { isGuid } from '../odata/column-values';
import { importSolution } from '../solution/import-solution';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';

/**
 * Functions and unbound actions: WhoAmI, ImportSolution(Async) and PublishAllXml (Learn: solution-api.md,
 * solution-async.md, webapi/reference/publishallxml) and custom APIs a solution defined (create-custom-api-solution.md).
 */
const BUILT_IN_ACTIONS = new Set(['PublishAllXml', 'PublishXml', 'ImportSolution', 'ImportSolutionAsync']);

export function runAction(
  org: Organization,
  req: ApiRequest,
  name: string,
  key: string | undefined,
): ApiResult {
  const context = `${req.url.origin}${API_PATH}$metadata#Microsoft.Dynamics.CRM.`;
  if (name === 'WhoAmI' && (key === undefined || key === '')) {
    if (req.method !== 'GET') throw methodNotAllowed(req, name);
    return jsonResult(200, {
      '@odata.context': `${context}WhoAmIResponse`,
      BusinessUnitId: org.businessUnitId,
      UserId: org.callerId,
      OrganizationId: org.organizationId,
    });
  }
  // Not a table: a function call (`Name(...)`) the emulator does not model is answered 501 naming it;
  // an unknown action name is Dataverse's own 404 for an unknown segment (a solution not imported yet).
  if (key !== undefined) throw notImplemented(`the function '${name}(${key})'`);
  if (!BUILT_IN_ACTIONS.has(name) && !org.schema.customApi(name)) throw resourceNotFound(name);
  if (req.method !== 'POST') throw methodNotAllowed(req, name);
  const params = (req.body ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'PublishAllXml':
    case 'PublishXml':
      return { status: 204, headers: {} };
    case 'ImportSolution': {
      checkNoImportRunning(org);
      if (
        typeof params.ImportJobId === 'string' &&
        org.store.get('importjob', params.ImportJobId.toLowerCase())
      )
        throw badRequest('Parameter ImportJobId must be unique.', '0x80071152');
      const result = importSolution(org, decodeFile(params), componentParameters(params));
      if (!result.ok) throw badRequest(`Solution import failed: ${result.error}`, '0x80048060');
      recordImportJob(org, params.ImportJobId, result.solutionName, true);
      return { status: 204, headers: {} };
    }
    case 'ImportSolutionAsync': {
      checkNoImportRunning(org);
      const file = decodeFile(params);
      const components = componentParameters(params);
      const asyncId = org.newId();
      const now = isoSeconds(org.now());
      // solution-async.md: poll asyncoperations(<id>) until statecode 3; statuscode 30 Succeeded, 31 Failed.
      org.store.insert('asyncoperation', asyncId, {
        asyncoperationid: asyncId,
        name: 'ImportSolutionAsync',
        operationtype: 207,
        statecode: 2,
        statuscode: 20,
        message: null,
        friendlymessage: null,
        startedon: now,
        completedon: null,
        createdon: now,
        modifiedon: now,
        versionnumber: org.store.nextVersion(),
      });
      const jobId = org.newId();
      const finish = () => {
        let result: ReturnType<typeof importSolution>;
        try {
          result = importSolution(org, file, components);
        } catch (e) {
          result = { ok: false, error: `The import stopped unexpectedly: ${(e as Error).message}` };
        }
        recordImportJob(org, jobId, result.ok ? result.solutionName : 'unknown', result.ok);
        const done = isoSeconds(org.now());
        const row = org.store.get('asyncoperation', asyncId) ?? {};
        org.store.replace('asyncoperation', asyncId, {
          ...row,
          statecode: 3,
          statuscode: result.ok ? 30 : 31,
          message: result.ok ? null : result.error,
          friendlymessage: result.ok ? null : result.error,
          completedon: done,
          modifiedon: done,
          versionnumber: org.store.nextVersion(),
        });
        org.importRunning = false;
      };
      if (org.importDurationMs > 0) {
        org.importRunning = true;
        setTimeout(finish, org.importDurationMs).unref();
      } else finish();
      return jsonResult(200, {
        '@odata.context': `${context}ImportSolutionAsyncResponse`,
        AsyncOperationId: asyncId,
        ImportJobKey: jobId,
      });
    }
  }
  const api = org.schema.customApi(name);
  if (!api) throw resourceNotFound(name);
  if (api.isFunction) throw methodNotAllowed(req, name);
  for (const p of api.parameters)
    if (!p.isOptional && params[p.uniqueName] === undefined)
      throw badRequest(
        `Required parameter '${p.uniqueName}' of custom API '${name}' is missing.`,
        '0x80040203',
      );
  for (const [k, value] of Object.entries(params)) {
    if (k.startsWith('@')) continue;
    const parameter = api.parameters.find((p) => p.uniqueName === k);
    if (!parameter) throw badRequest(`'${k}' is not a parameter of '${name}'.`, '0x80060888');
    checkParameterType(name, k, parameter.type, value);
  }
  org.customApiCalls.push({ name, parameters: structuredClone(params), at: org.now().toISOString() });
  // Inside a $batch change set the event is part of the transaction: a rollback withdraws it.
  org.store.onRollback(() => void org.customApiCalls.pop());
  return { status: 204, headers: {} };
}

function methodNotAllowed(req: ApiRequest, name: string): DataverseFault {
  return new DataverseFault(405, '0x80060888', `The HTTP method '${req.method}' is not allowed on ${name}.`);
}

function decodeFile(params: Record<string, unknown>): Uint8Array {
  const file = params.CustomizationFile;
  // ImportSolution: CustomizationFile is Edm.Binary, i.e. a base64 string in JSON.
  if (typeof file !== 'string' || file.length === 0)
    throw badRequest('The CustomizationFile parameter is missing.', '0x8004F066');
  return new Uint8Array(Buffer.from(file, 'base64'));
}

function componentParameters(params: Record<string, unknown>): Array<Record<string, unknown>> {
  const list = params.ComponentParameters;
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

function recordImportJob(org: Organization, given: unknown, solutionName: string, ok: boolean): string {
  const id = typeof given === 'string' && given ? given.toLowerCase() : org.newId();
  if (org.store.get('importjob', id)) throw badRequest('Parameter ImportJobId must be unique.', '0x80071152');
  const now = isoSeconds(org.now());
  org.store.insert('importjob', id, {
    importjobid: id,
    name: solutionName,
    solutionname: solutionName,
    data: `<importexportxml><solutionManifests><solutionManifest><result result="${ok ? 'success' : 'failure'}"/></solutionManifest></solutionManifests></importexportxml>`,
    progress: 100,
    startedon: now,
    completedon: now,
    createdon: now,
    modifiedon: now,
    versionnumber: org.store.nextVersion(),
  });
  return id;
}

/** custom-api-tables.md parameter types → the JSON a caller must send (Edm type in the error, like OData). */
const PARAMETER_TYPES: Record<number, [edm: string, ok: (v: unknown) => boolean]> = {
  0: ['Boolean', (v) => typeof v === 'boolean'],
  1: ['DateTimeOffset', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))],
  2: ['Decimal', (v) => typeof v === 'number'],
  6: ['Double', (v) => typeof v === 'number'],
  7: ['Int32', (v) => typeof v === 'number' && Number.isInteger(v)],
  8: ['Decimal', (v) => typeof v === 'number'],
  9: ['Int32', (v) => typeof v === 'number' && Number.isInteger(v)],
  10: ['String', (v) => typeof v === 'string'],
  11: ['Collection(Edm.String)', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')],
  12: ['Guid', (v) => typeof v === 'string' && isGuid(v)],
};

function checkParameterType(api: string, parameter: string, type: number, value: unknown): void {
  const rule = PARAMETER_TYPES[type];
  if (!rule || value === null || rule[1](value)) return;
  throw badRequest(
    `Cannot convert the literal '${JSON.stringify(value)}' to the expected type 'Edm.${rule[0]}' of parameter '${parameter}' of '${api}'.`,
    '0x80048d19',
  );
}

/** Only one solution operation at a time (data-service-errors.md CustomizationLockEx 0x8004F061–67). */
function checkNoImportRunning(org: Organization): void {
  if (org.importRunning)
    throw badRequest(
      'Cannot start the requested operation [Import] because there is another [Import] running at this moment.',
      '0x8004F061',
    );
}
