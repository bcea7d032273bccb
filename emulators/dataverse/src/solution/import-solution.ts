import { auditColumns, col } from '../metadata/column-builders';
import type { EntityMeta, KeyIndexStatus } from '../metadata/metadata-types';
import { isoSeconds, type Organization } from '../organization';
import type { Row } from '../store/row-store';
import { readSolutionZip, SolutionFileError, type SolutionContent } from './read-solution-zip';

export type ImportResult = { ok: true; solutionName: string } | { ok: false; error: string };

/**
 * The ImportSolution code path (notes §9): read the zip, then apply its tables, columns, keys, environment
 * variables and custom APIs to the org. The file is read completely before anything changes, so a broken
 * file leaves the org as it was.
 */
export function importSolution(
  org: Organization,
  zip: Uint8Array,
  componentParameters: Array<Record<string, unknown>> = [],
): ImportResult {
  let content: SolutionContent;
  try {
    content = readSolutionZip(zip);
  } catch (e) {
    if (e instanceof SolutionFileError) return { ok: false, error: e.message };
    return { ok: false, error: `The customization file could not be read: ${(e as Error).message}` };
  }
  for (const entity of content.entities) applyEntity(org, entity);
  for (const variable of content.environmentVariables) applyVariable(org, variable);
  for (const p of componentParameters) {
    const type = String(p['@odata.type'] ?? '');
    if (type.endsWith('environmentvariablevalue') && typeof p.schemaname === 'string')
      setVariableValue(org, p.schemaname, String(p.value ?? ''));
  }
  for (const api of content.customApis) applyCustomApi(org, api);
  upsertSolutionRow(org, content);
  org.importedSolutions.push(zip);
  return { ok: true, solutionName: content.uniqueName };
}

function applyEntity(org: Organization, e: SolutionContent['entities'][number]): void {
  let meta = org.schema.entity(e.logicalName);
  // A table the org already has (Microsoft's contact, phonecall) comes in as a shell: real exports of a
  // behavior-2 root component carry its columns and keys, no table properties — so none are applied.
  const shell = meta !== undefined;
  if (!meta) {
    const primaryId = `${e.logicalName}id`;
    meta = {
      logicalName: e.logicalName,
      schemaName: e.logicalName,
      entitySetName: e.entitySetName ?? `${e.logicalName}s`,
      primaryId,
      primaryName: e.primaryName ?? 'name',
      isActivity: false,
      userOwned: true,
      changeTracking: false,
      metadataId: org.newId(),
      attributes: new Map([[primaryId, col.id(primaryId)], ...auditColumns().map((a) => [a.logicalName, a] as const)]),
      keys: [],
      collections: [],
      navAliases: {},
    } satisfies EntityMeta;
    meta.attributes.set('ownerid', col.owner());
    org.schema.addEntity(meta);
  }
  for (const attr of e.attributes) if (attr.logicalName !== meta.primaryId) meta.attributes.set(attr.logicalName, attr);
  // Change tracking cannot be disabled once enabled (use-change-tracking-synchronize-data-external-systems.md).
  if (e.changeTracking && !shell) meta.changeTracking = true;
  for (const key of e.keys) {
    const status = keyStatus(org, e.logicalName);
    meta.keys = meta.keys.filter((k) => k.logicalName !== key.logicalName);
    if (status) meta.keys.push({ ...key, status, metadataId: org.newId() });
  }
}

/** EntityKeyIndexStatus after import; the `phonecallKey` option simulates an org that rejected the key. */
function keyStatus(org: Organization, entity: string): KeyIndexStatus | undefined {
  if (entity !== 'phonecall') return 'Active';
  return { active: 'Active' as const, pending: 'Pending' as const, missing: undefined }[org.phonecallKey];
}

function stamp(org: Organization, row: Row): Row {
  const now = isoSeconds(org.now());
  return { createdon: now, modifiedon: now, ...row, versionnumber: org.store.nextVersion() };
}

function applyVariable(org: Organization, v: SolutionContent['environmentVariables'][number]): void {
  const existing = org.store.all('environmentvariabledefinition').find((r) => r.schemaname === v.schemaname);
  const id = existing ? String(existing.environmentvariabledefinitionid) : org.newId();
  const { values, ...columns } = v;
  org.store.replace(
    'environmentvariabledefinition',
    id,
    stamp(org, {
      ...(existing ?? { statecode: 0, statuscode: 1, ownerid: { id: org.callerId, entity: 'systemuser' } }),
      environmentvariabledefinitionid: id,
      ...columns,
    }),
  );
  for (const value of values) setVariableValue(org, v.schemaname, value);
}

function setVariableValue(org: Organization, schemaname: string, value: string): void {
  const def = org.store.all('environmentvariabledefinition').find((r) => r.schemaname === schemaname);
  if (!def) return;
  const defId = String(def.environmentvariabledefinitionid);
  const existing = org.store
    .all('environmentvariablevalue')
    .find((r) => (r.environmentvariabledefinitionid as { id?: string } | null)?.id === defId);
  const id = existing ? String(existing.environmentvariablevalueid) : org.newId();
  org.store.replace(
    'environmentvariablevalue',
    id,
    stamp(org, {
      ...(existing ?? { statecode: 0, statuscode: 1, ownerid: { id: org.callerId, entity: 'systemuser' } }),
      environmentvariablevalueid: id,
      schemaname,
      value,
      environmentvariabledefinitionid: { id: defId, entity: 'environmentvariabledefinition' },
    }),
  );
}

function applyCustomApi(org: Organization, api: SolutionContent['customApis'][number]): void {
  org.schema.addCustomApi(api);
  const existing = org.store.all('customapi').find((r) => r.uniquename === api.uniqueName);
  const id = existing ? String(existing.customapiid) : org.newId();
  org.store.replace(
    'customapi',
    id,
    stamp(org, {
      customapiid: id,
      uniquename: api.uniqueName,
      name: api.uniqueName,
      displayname: api.displayName,
      description: api.description,
      bindingtype: api.bindingType,
      boundentitylogicalname: null,
      isfunction: api.isFunction,
      isprivate: false,
      allowedcustomprocessingsteptype: api.allowedCustomProcessingStepType,
      workflowsdkstepenabled: false,
    }),
  );
  for (const p of api.parameters) {
    const pid = org.newId();
    const already = org.store
      .all('customapirequestparameter')
      .some((r) => r.uniquename === p.uniqueName && (r.customapiid as { id?: string } | null)?.id === id);
    if (already) continue;
    org.store.insert(
      'customapirequestparameter',
      pid,
      stamp(org, {
        customapirequestparameterid: pid,
        uniquename: p.uniqueName,
        name: `${api.uniqueName}.${p.uniqueName}`,
        type: p.type,
        isoptional: p.isOptional,
        customapiid: { id, entity: 'customapi' },
      }),
    );
  }
}

function upsertSolutionRow(org: Organization, content: SolutionContent): void {
  const existing = org.store.all('solution').find((r) => r.uniquename === content.uniqueName);
  const id = existing ? String(existing.solutionid) : org.newId();
  org.store.replace(
    'solution',
    id,
    stamp(org, {
      ...(existing ?? {}),
      solutionid: id,
      uniquename: content.uniqueName,
      friendlyname: content.uniqueName,
      version: content.version,
      ismanaged: content.managed,
      installedon: isoSeconds(org.now()),
    }),
  );
}
