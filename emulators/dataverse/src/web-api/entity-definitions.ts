import { badRequest, notImplemented, resourceNotFound } from '../errors';
import type { EntityMeta, KeyMeta } from '../metadata/metadata-types';
import { edmType } from '../odata/column-values';
import { parseQueryOptions, queryPairs, type QueryOptions } from '../odata/query-options';
import type { Organization } from '../organization';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';

/**
 * The metadata reads the product makes (notes §3): `EntityDefinitions(LogicalName='phonecall')` with
 * `$expand=Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)`, `/Keys`, `/Attributes`, and
 * `POST …/Keys` to define a key (define-alternate-keys-entity.md).
 */
export function readEntityDefinitions(org: Organization, req: ApiRequest, path: string): ApiResult {
  const m = /^EntityDefinitions(?:\(LogicalName='([^']+)'\))?(?:\/(Keys|Attributes))?$/.exec(path);
  if (!m) throw notImplemented(`the metadata path '${path}'`);
  const [, logicalName, child] = m;
  const context = `${req.url.origin}${API_PATH}$metadata#EntityDefinitions`;
  const options = parseQueryOptions(queryPairs(req.url));
  if (!logicalName) {
    if (req.method !== 'GET') throw notImplemented(`${req.method} EntityDefinitions`);
    if (options.filter) throw notImplemented('$filter on EntityDefinitions');
    return jsonResult(200, {
      '@odata.context': context,
      value: org.schema.entities().map((e) => entityView(e, options)),
    });
  }
  const meta = org.schema.entity(logicalName);
  if (!meta) throw resourceNotFound(`EntityDefinitions(LogicalName='${logicalName}')`);
  if (child === 'Keys' && req.method === 'POST') return createKey(org, meta, req);
  if (req.method !== 'GET') throw notImplemented(`${req.method} ${path}`);
  if (child === 'Keys')
    return jsonResult(200, {
      '@odata.context': `${context}('${logicalName}')/Keys`,
      value: meta.keys.map((k) => pick(keyView(meta, k), options.select)),
    });
  if (child === 'Attributes')
    return jsonResult(200, {
      '@odata.context': `${context}('${logicalName}')/Attributes`,
      value: [...meta.attributes.values()].map((a) =>
        pick(
          {
            LogicalName: a.logicalName,
            SchemaName: a.logicalName,
            AttributeType: edmType(a),
            IsCustomAttribute: Boolean(a.isCustom),
            IsValidForCreate: a.validForCreate,
            IsValidForUpdate: a.validForUpdate,
            ...(a.maxLength === undefined ? {} : { MaxLength: a.maxLength }),
          },
          options.select,
        ),
      ),
    });
  return jsonResult(200, { '@odata.context': `${context}/$entity`, ...entityView(meta, options) });
}

function entityView(meta: EntityMeta, options: QueryOptions): Record<string, unknown> {
  const view = pick(
    {
      MetadataId: meta.metadataId,
      LogicalName: meta.logicalName,
      SchemaName: meta.schemaName,
      EntitySetName: meta.entitySetName,
      PrimaryIdAttribute: meta.primaryId,
      PrimaryNameAttribute: meta.primaryName,
      IsActivity: meta.isActivity,
      ChangeTrackingEnabled: meta.changeTracking,
      OwnershipType: meta.userOwned ? 'UserOwned' : 'OrganizationOwned',
    },
    options.select,
  );
  for (const item of options.expand ?? []) {
    if (item.nav !== 'Keys') throw notImplemented(`$expand=${item.nav} on EntityDefinitions`);
    view.Keys = meta.keys.map((k) => pick(keyView(meta, k), item.options.select));
  }
  return view;
}

function keyView(meta: EntityMeta, key: KeyMeta): Record<string, unknown> {
  return {
    MetadataId: key.metadataId,
    SchemaName: key.schemaName,
    LogicalName: key.logicalName,
    EntityLogicalName: meta.logicalName,
    KeyAttributes: [...key.attributes],
    EntityKeyIndexStatus: key.status,
  };
}

function pick(view: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return view;
  const out: Record<string, unknown> = {};
  for (const name of select) {
    if (!(name in view)) throw notImplemented(`the metadata property '${name}'`);
    out[name] = view[name];
  }
  if ('MetadataId' in view) out.MetadataId = view.MetadataId;
  return out;
}

function createKey(org: Organization, meta: EntityMeta, req: ApiRequest): ApiResult {
  const body = (req.body ?? {}) as { SchemaName?: unknown; KeyAttributes?: unknown };
  const schemaName = typeof body.SchemaName === 'string' ? body.SchemaName : '';
  const attrs = Array.isArray(body.KeyAttributes) ? body.KeyAttributes.map(String) : [];
  if (!schemaName || attrs.length === 0) throw badRequest('A key needs SchemaName and KeyAttributes.');
  for (const a of attrs)
    if (!meta.attributes.has(a)) throw badRequest(`'${a}' is not a column of ${meta.logicalName}.`);
  // define-alternate-keys-entity.md: at most 10 keys per table.
  if (meta.keys.length >= 10)
    throw badRequest(`Table ${meta.logicalName} already has the maximum of 10 keys.`);
  const missing = meta.logicalName === 'phonecall' && org.phonecallKey === 'missing';
  if (missing)
    throw badRequest(
      `Entity keys are not supported on table '${meta.logicalName}' in this org.`,
      '0x80060888',
    );
  const status = meta.logicalName === 'phonecall' && org.phonecallKey === 'pending' ? 'Pending' : 'Active';
  const key: KeyMeta = {
    schemaName,
    logicalName: schemaName.toLowerCase(),
    attributes: attrs,
    status,
    metadataId: org.newId(),
  };
  meta.keys.push(key);
  return {
    status: 204,
    headers: {
      'OData-EntityId': `${req.url.origin}${API_PATH}EntityDefinitions(${meta.metadataId})/Keys(${key.metadataId})`,
    },
  };
}
