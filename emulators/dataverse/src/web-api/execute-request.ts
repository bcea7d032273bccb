import { DataverseFault, badRequest, notImplemented, resourceNotFound } from '../errors';
import type { EntityMeta } from '../metadata/metadata-types';
import { parseQueryOptions, queryPairs, splitTopLevel } from '../odata/query-options';
import { selectRows, viewRow } from '../odata/row-view';
import type { Organization } from '../organization';
import { runAction } from './actions';
import { parseSegment } from './addressing';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';
import { readCollection } from './collection-read';
import { readEntityDefinitions } from './entity-definitions';
import { parsePrefer, type Preferences } from './prefer';
import { createRecord, type ResolveReference } from './record-writes';
import { existingRow, remove, retrieve, upsert, written } from './single-record';

/** Runs one Web API operation (a plain request or one $batch part) against the org. */
export function executeRequest(org: Organization, req: ApiRequest, resolve: ResolveReference): ApiResult {
  const at = req.url.pathname.indexOf(API_PATH);
  if (at < 0) throw resourceNotFound(req.url.pathname);
  const path = decodeURIComponent(req.url.pathname.slice(at + API_PATH.length));
  refuseOnPurpose(org, req.method, path);
  refuseUnmodelledHeaders(req);
  const prefs = parsePrefer(req.headers.get('prefer'));
  // Split outside quotes and parentheses so a '/' inside a key literal reaches the key check.
  const segments = splitTopLevel(path, '/');
  const [first = '', ...rest] = segments;
  if (first === 'EntityDefinitions' || first.startsWith('EntityDefinitions('))
    return readEntityDefinitions(org, req, path);
  if (first === '$metadata') throw notImplemented('the $metadata (CSDL) document');
  const { name, key } = parseSegment(first);
  const meta = org.schema.bySet(name);
  if (!meta) return runAction(org, req, name, key);
  if (meta.logicalName === 'activityparty' && !(req.method === 'GET' && key === undefined))
    // reference/entities/activityparty.md: the table supports RetrieveMultiple only; parties are
    // written through their activity (deep insert of <activity>_activity_parties).
    throw badRequest(
      `The '${req.method === 'GET' ? 'Retrieve' : req.method === 'POST' ? 'Create' : req.method === 'DELETE' ? 'Delete' : 'Update'}' method does not support entities of type 'activityparty'.`,
      '0x80040800',
    );
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
  if (req.method === 'PATCH') return upsert(org, meta, req, key, prefs, resolve, body(req));
  if (req.method === 'DELETE') return remove(org, meta, req, key);
  throw notImplemented(`${req.method} on a single record`);
}

/**
 * Headers that change what Dataverse does but that the emulator does not model: answering as if they
 * were absent would be a silent wrong answer (impersonation — impersonate-another-user-web-api.md;
 * duplicate detection — manage-duplicate-detection-create-update.md).
 */
function refuseUnmodelledHeaders(req: ApiRequest): void {
  for (const header of ['mscrmcallerid', 'callerobjectid'])
    if (req.headers.has(header)) throw notImplemented(`impersonation (the ${header} header)`);
  if (req.headers.get('mscrm.suppressduplicatedetection')?.toLowerCase() === 'false')
    throw notImplemented('duplicate detection (MSCRM.SuppressDuplicateDetection: false)');
}

/** EmulatorOptions.refuse: answer as an org that does not accept this request would. */
function refuseOnPurpose(org: Organization, method: string, path: string): void {
  const rule = org.refusals.find((r) => (!r.method || r.method === method) && r.path.test(path));
  if (!rule) return;
  throw new DataverseFault(
    rule.status ?? 400,
    rule.code ?? '0x80048d19',
    rule.message ?? `This org does not accept ${method} ${path}.`,
  );
}

function body(req: ApiRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
    throw badRequest('The request body must be a JSON object.');
  return req.body as Record<string, unknown>;
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

/** `GET contacts(<id>)/Contact_Phonecalls`: a collection-valued navigation property read as a collection. */
function readRelated(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  key: string,
  navName: string,
  prefs: Preferences,
): ApiResult {
  const { row } = existingRow(org, meta, key);
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
