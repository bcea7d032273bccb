import { DataverseFault, recordNotFound } from '../errors';
import type { EntityMeta } from '../metadata/metadata-types';
import { contextUrl } from '../odata/context-url';
import { parseQueryOptions, queryPairs } from '../odata/query-options';
import { viewRow } from '../odata/row-view';
import type { Organization } from '../organization';
import type { Row } from '../store/row-store';
import { locate } from './addressing';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';
import { PREFERENCE, preferenceApplied, type Preferences } from './prefer';
import {
  createRecord,
  deleteRecord,
  refuseDeepInsert,
  updateRecord,
  type ResolveReference,
} from './record-writes';

/**
 * One addressed record: retrieve, upsert (PATCH), delete — with the conditional headers of Learn's
 * webapi/perform-conditional-operations-using-web-api.md and the response shapes of
 * create-entity-web-api.md / update-delete-entities-using-web-api.md.
 */
const etagOf = (row: Record<string, unknown>) => `W/"${String(row.versionnumber)}"`;

const staleVersion = () =>
  new DataverseFault(
    412,
    '0x80060882',
    "The version of the existing record doesn't match the RowVersion property provided.",
  );

export function entityUrl(req: ApiRequest, meta: EntityMeta, id: string): string {
  return `${req.url.origin}${API_PATH}${meta.entitySetName}(${id})`;
}

/** 204 + OData-EntityId, or with `Prefer: return=representation` the row (create-entity-web-api.md). */
export function written(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  id: string,
  prefs: Preferences,
  createdStatus: number,
): ApiResult {
  const headers = { 'OData-EntityId': entityUrl(req, meta, id) };
  if (!prefs.returnRepresentation) return { status: 204, headers };
  const row = org.store.get(meta.logicalName, id);
  const options = parseQueryOptions(queryPairs(req.url));
  const view = viewRow(org, meta, row ?? {}, options, prefs);
  const context = contextUrl(`${req.url.origin}${API_PATH}`, meta.entitySetName, options, 'entity');
  return jsonResult(
    createdStatus,
    { '@odata.context': context, ...view },
    {
      ...headers,
      ...preferenceApplied(prefs, [PREFERENCE.returnRepresentation, PREFERENCE.annotations]),
    },
  );
}

/** The row a key addresses, or Dataverse's 404 "<table> With Id = … Does Not Exist". */
export function existingRow(org: Organization, meta: EntityMeta, key: string): { id: string; row: Row } {
  const address = locate(org, meta, key);
  const row = address.id ? org.store.get(meta.logicalName, address.id) : undefined;
  if (!row || !address.id) throw recordNotFound(meta.logicalName, address.id ?? key);
  return { id: address.id, row };
}

export function retrieve(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  prefs: Preferences,
): ApiResult {
  const { row } = existingRow(org, meta, key);
  const etag = etagOf(row);
  const options = parseQueryOptions(queryPairs(req.url));
  // If-None-Match with the current ETag → 304, except that a query with $expand or annotations
  // "will never return 304 Not Modified" (perform-conditional-operations-using-web-api.md).
  const mayAnswer304 = !options.expand?.length && prefs.annotations.length === 0;
  if (mayAnswer304 && req.headers.get('if-none-match') === etag)
    return { status: 304, headers: { ETag: etag } };
  const context = contextUrl(`${req.url.origin}${API_PATH}`, meta.entitySetName, options, 'entity');
  return jsonResult(
    200,
    { '@odata.context': context, ...viewRow(org, meta, row, options, prefs) },
    { ETag: etag, ...preferenceApplied(prefs, [PREFERENCE.annotations]) },
  );
}

/**
 * PATCH = upsert (update-delete-entities-using-web-api.md). If-Match:* → update only (404 when missing);
 * If-None-Match:* → create only (412 when present); If-Match: W/"n" → optimistic concurrency.
 */
export function upsert(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  prefs: Preferences,
  resolve: ResolveReference,
  payload: Record<string, unknown>,
): ApiResult {
  // A PATCH never creates related rows (deep insert is documented for POST), also when it ends in a create.
  refuseDeepInsert(org, meta, payload);
  return org.store.transaction(() => {
    const address = locate(org, meta, key);
    const ifMatch = req.headers.get('if-match');
    const ifNoneMatch = req.headers.get('if-none-match');
    if (address.exists && address.id) {
      if (ifNoneMatch === '*')
        throw new DataverseFault(412, '0x80040237', 'A record with matching key values already exists.');
      const row = org.store.get(meta.logicalName, address.id);
      if (ifMatch && ifMatch !== '*' && row && ifMatch !== etagOf(row)) throw staleVersion();
      updateRecord(org, meta, address.id, payload, resolve);
      return written(org, meta, req, address.id, prefs, 200);
    }
    if (ifMatch) throw recordNotFound(meta.logicalName, address.id ?? key);
    // use-upsert-insert-update-record.md: copy the alternate key values into the new row, then Create.
    const keyBinds: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(address.keyValues ?? {})) {
      const attr = meta.attributes.get(column);
      if (attr && typeof value === 'object' && value !== null) {
        const ref = value as { id: string; entity: string };
        const nav = org.schema.navigationName(meta, attr, ref.entity);
        keyBinds[`${nav}@odata.bind`] = `/${org.schema.mustEntity(ref.entity).entitySetName}(${ref.id})`;
      } else keyBinds[column] = value;
    }
    const id = createRecord(org, meta, { ...payload, ...keyBinds }, resolve, address.id);
    return written(org, meta, req, id, prefs, 201);
  });
}

/**
 * DELETE, conditional on `If-Match` (perform-conditional-operations-using-web-api.md, "Apply optimistic
 * concurrency on delete": a stale ETag answers 412 and deletes nothing). Related rows follow the
 * table's cascade rules (metadata/cascade-rules.ts).
 */
export function remove(org: Organization, meta: EntityMeta, req: ApiRequest, key: string): ApiResult {
  const { id, row } = existingRow(org, meta, key);
  const ifMatch = req.headers.get('if-match');
  if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(row)) throw staleVersion();
  org.store.transaction(() => deleteRecord(org, meta, id));
  return { status: 204, headers: {} };
}
