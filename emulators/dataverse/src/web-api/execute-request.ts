import { DataverseFault, badRequest, notImplemented, recordNotFound, resourceNotFound } from '../errors';
import type { EntityMeta } from '../metadata/metadata-types';
import { parseQueryOptions, queryPairs } from '../odata/query-options';
import { selectRows, viewRow } from '../odata/row-view';
import type { Organization } from '../organization';
import { runAction } from './actions';
import { locate, parseSegment } from './addressing';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';
import { readCollection } from './collection-read';
import { readEntityDefinitions } from './entity-definitions';
import { parsePrefer, type Preferences } from './prefer';
import { createRecord, deleteRecord, updateRecord, type ResolveReference } from './record-writes';

/** Runs one Web API operation (a plain request or one $batch part) against the org. */
export function executeRequest(org: Organization, req: ApiRequest, resolve: ResolveReference): ApiResult {
  const at = req.url.pathname.indexOf(API_PATH);
  if (at < 0) throw resourceNotFound(req.url.pathname);
  const path = decodeURIComponent(req.url.pathname.slice(at + API_PATH.length));
  const prefs = parsePrefer(req.headers.get('prefer'));
  const segments = path.split('/').filter(Boolean);
  const [first = '', ...rest] = segments;
  if (first === 'EntityDefinitions' || first.startsWith('EntityDefinitions('))
    return readEntityDefinitions(org, req, path);
  if (first === '$metadata') throw notImplemented('the $metadata (CSDL) document');
  const { name, key } = parseSegment(first);
  const meta = org.schema.bySet(name);
  if (!meta) return runAction(org, req, name, key);
  if (rest.length > 0) {
    if (rest.length === 1 && rest[0] === '$count' && key === undefined && req.method === 'GET')
      return countRows(org, meta, req);
    const nav = meta.collections.find((c) => c.name === rest[0]);
    if (rest.length === 1 && nav && key !== undefined && req.method === 'GET')
      return readRelated(org, meta, req, key, nav.name, prefs);
    throw notImplemented(`the path segment '${rest.join('/')}' after ${first}`);
  }
  if (key === undefined) {
    if (req.method === 'GET') return readCollection(org, meta, req, prefs);
    if (req.method === 'POST') return create(org, meta, req, prefs, resolve);
    throw new DataverseFault(405, '0x80060888', `The HTTP method '${req.method}' is not allowed on ${name}.`);
  }
  if (req.method === 'GET') return retrieve(org, meta, req, key, prefs);
  if (req.method === 'PATCH') return upsert(org, meta, req, key, prefs, resolve);
  if (req.method === 'DELETE') {
    const address = locate(org, meta, key);
    if (!address.exists || !address.id) throw recordNotFound(meta.logicalName, address.id ?? key);
    const id = address.id;
    org.store.transaction(() => deleteRecord(org, meta, id));
    return { status: 204, headers: {} };
  }
  throw notImplemented(`${req.method} on a single record`);
}

function entityUrl(req: ApiRequest, meta: EntityMeta, id: string): string {
  return `${req.url.origin}${API_PATH}${meta.entitySetName}(${id})`;
}

function body(req: ApiRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
    throw badRequest('The request body must be a JSON object.');
  return req.body as Record<string, unknown>;
}

function written(
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
  return jsonResult(
    createdStatus,
    { '@odata.context': `${req.url.origin}${API_PATH}$metadata#${meta.entitySetName}/$entity`, ...view },
    headers,
  );
}

function create(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  prefs: Preferences,
  resolve: ResolveReference,
) {
  const id = org.store.transaction(() => createRecord(org, meta, body(req), resolve));
  return written(org, meta, req, id, prefs, 201);
}

function retrieve(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  prefs: Preferences,
): ApiResult {
  const address = locate(org, meta, key);
  const row = address.id ? org.store.get(meta.logicalName, address.id) : undefined;
  if (!row) throw recordNotFound(meta.logicalName, address.id ?? key);
  const etag = `W/"${String(row.versionnumber)}"`;
  // perform-conditional-operations-using-web-api.md: If-None-Match with the current ETag → 304.
  if (req.headers.get('if-none-match') === etag) return { status: 304, headers: { ETag: etag } };
  const options = parseQueryOptions(queryPairs(req.url));
  const context = `${req.url.origin}${API_PATH}$metadata#${meta.entitySetName}${options.select ? `(${options.select.join(',')})` : ''}/$entity`;
  return jsonResult(
    200,
    { '@odata.context': context, ...viewRow(org, meta, row, options, prefs) },
    { ETag: etag },
  );
}

/**
 * PATCH = upsert (update-delete-entities-using-web-api.md). If-Match:* → update only (404 when missing);
 * If-None-Match:* → create only (412 when present); If-Match: W/"n" → optimistic concurrency.
 */
function upsert(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  prefs: Preferences,
  resolve: ResolveReference,
): ApiResult {
  const payload = body(req);
  return org.store.transaction(() => {
    const address = locate(org, meta, key);
    const ifMatch = req.headers.get('if-match');
    const ifNoneMatch = req.headers.get('if-none-match');
    if (address.exists && address.id) {
      if (ifNoneMatch === '*')
        throw new DataverseFault(412, '0x80040237', 'A record with matching key values already exists.');
      const row = org.store.get(meta.logicalName, address.id);
      if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${String(row?.versionnumber)}"`)
        throw new DataverseFault(
          412,
          '0x80060882',
          "The version of the existing record doesn't match the RowVersion property provided.",
        );
      updateRecord(org, meta, address.id, payload, resolve);
      return written(org, meta, req, address.id, prefs, 200);
    }
    if (ifMatch) throw recordNotFound(meta.logicalName, address.id ?? key);
    // use-upsert-insert-update-record.md: copy the alternate key values into the new row, then Create.
    const keyBinds: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(address.keyValues ?? {})) {
      if (typeof value === 'object' && value !== null) {
        const ref = value as { id: string; entity: string };
        keyBinds[`${column}@odata.bind`] = `/${org.schema.mustEntity(ref.entity).entitySetName}(${ref.id})`;
      } else keyBinds[column] = value;
    }
    const id = createRecord(org, meta, { ...payload, ...keyBinds }, resolve, address.id);
    return written(org, meta, req, id, prefs, 201);
  });
}

/** `GET contacts(<id>)/Contact_Phonecalls`: a collection-valued navigation property read as a collection. */
function readRelated(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  navName: string,
  prefs: Preferences,
): ApiResult {
  const address = locate(org, meta, key);
  const row = address.id ? org.store.get(meta.logicalName, address.id) : undefined;
  if (!row) throw recordNotFound(meta.logicalName, address.id ?? key);
  const options = parseQueryOptions(queryPairs(req.url));
  const related = viewRow(
    org,
    meta,
    row,
    { select: [meta.primaryId], expand: [{ nav: navName, options }] },
    prefs,
  );
  const nav = meta.collections.find((c) => c.name === navName);
  const target = nav ? org.schema.mustEntity(nav.entity) : meta;
  return jsonResult(200, {
    '@odata.context': `${req.url.origin}${API_PATH}$metadata#${target.entitySetName}`,
    value: related[navName],
  });
}

/** `GET contacts/$count`: the number of rows as plain text (Learn: webapi/query/count-rows.md; at most 5,000). */
function countRows(org: Organization, meta: EntityMeta, req: ApiRequest): ApiResult {
  const options = parseQueryOptions(queryPairs(req.url));
  const count = selectRows(meta, org.store.all(meta.logicalName), {
    ...(options.filter ? { filter: options.filter } : {}),
  }).length;
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: Math.min(count, 5000) };
}
