import { DataverseFault, badRequest, recordNotFound, unknownProperty } from '../errors';
import type { AttributeMeta, EntityMeta } from '../metadata/metadata-types';
import { isLookup } from '../metadata/schema';
import { createDefaults } from '../metadata/standard-tables';
import { toStoredValue } from '../odata/column-values';
import { CASCADE_ON_DELETE } from '../metadata/cascade-rules';
import { isoSeconds, type Organization } from '../organization';
import type { EntityRef, Row } from '../store/row-store';
import { isEntityRef, normalize } from '../store/row-store';

/** Turns a reference URL (`/contacts(id)`, `$1`, absolute URL, alternate key) into a row reference. */
export type ResolveReference = (url: string) => EntityRef;

const STATE_COLUMNS = new Set(['statecode', 'statuscode']);

/**
 * Create (Learn: webapi/create-entity-web-api.md). statecode is not valid for create and is ignored;
 * a statuscode outside the first state is refused (PowerPlatform-DataverseServiceClient#105).
 */
export function createRecord(
  org: Organization,
  meta: EntityMeta,
  body: Record<string, unknown>,
  resolve: ResolveReference,
  presetId?: string,
): string {
  const { values, children, parents } = readBody(org, meta, body, 'create', resolve);
  // Single-valued deep insert (create-entity-web-api.md: `primarycontactid: {…}`): the related row first.
  for (const parent of parents) {
    const parentMeta = org.schema.mustEntity(parent.entity);
    const parentId = createRecord(org, parentMeta, parent.body, nestedResolver(resolve, parent.nav));
    values[parent.column] = { id: parentId, entity: parent.entity };
  }
  const idValue = values[meta.primaryId];
  const id = typeof idValue === 'string' ? idValue : (presetId ?? org.newId());
  if (org.store.get(meta.logicalName, id))
    // data-service-errors: DuplicateRecord 0x80040237. The status and text of a POST that repeats a
    // primary key are the emulator's choice (docs/adr/0091); clients decide by the code.
    throw new DataverseFault(412, '0x80040237', 'Cannot insert duplicate key.');
  const now = isoSeconds(org.now());
  const caller: EntityRef = { id: org.callerId, entity: 'systemuser' };
  const row: Row = { ...(createDefaults[meta.logicalName] ?? {}) };
  for (const attr of meta.attributes.values()) if (!(attr.logicalName in row)) row[attr.logicalName] = null;
  Object.assign(row, values, { [meta.primaryId]: id, createdon: now, modifiedon: now });
  if (meta.attributes.has('createdby')) Object.assign(row, { createdby: caller, modifiedby: caller });
  if (typeof values.overriddencreatedon === 'string') row.createdon = values.overriddencreatedon;
  if (meta.attributes.has('ownerid') && !values.ownerid) row.ownerid = caller;
  const state = meta.attributes.get('statecode');
  if (state?.options) {
    const initial = Math.min(...Object.keys(state.options).map(Number));
    row.statecode = initial;
    const status = meta.attributes.get('statuscode');
    if (values.statuscode === undefined || values.statuscode === null)
      row.statuscode = defaultStatus(meta, initial);
    else if (status?.statusToState?.[values.statuscode as number] !== initial)
      throw invalidStatus(meta, values.statuscode as number, initial, id);
  }
  computeColumns(meta, row);
  if (meta.logicalName === 'annotation') checkNote(org, row);
  row.versionnumber = org.store.nextVersion();
  checkKeys(org, meta, row, id);
  org.store.insert(meta.logicalName, id, row);
  for (const child of children) {
    const childMeta = org.schema.mustEntity(child.entity);
    const nested = nestedResolver(resolve, child.nav);
    for (const item of child.items) {
      const childId = createRecord(org, childMeta, item, nested);
      const row = org.store.get(child.entity, childId);
      if (row)
        org.store.replace(child.entity, childId, {
          ...row,
          [child.lookup]: { id, entity: meta.logicalName },
        });
    }
  }
  return id;
}

/** Update (PATCH). Closed activities only accept a state change (phonecall.md: read-only when closed). */
export function updateRecord(
  org: Organization,
  meta: EntityMeta,
  id: string,
  body: Record<string, unknown>,
  resolve: ResolveReference,
): void {
  const existing = org.store.get(meta.logicalName, id);
  if (!existing) throw recordNotFound(meta.logicalName, id);
  const touched = Object.keys(body).filter((k) => !k.startsWith('@') && !STATE_COLUMNS.has(k));
  if (meta.closedStates?.includes(existing.statecode as number) && touched.length > 0)
    // seanmcne/Microsoft.Xrm.Data.PowerShell#222: the message a closed activity update gets.
    throw badRequest('Cannot update Closed or Cancelled Activity', '0x80040203');
  const { values } = readBody(org, meta, body, 'update', resolve);
  const row: Row = { ...existing, ...values };
  const stateGiven = values.statecode !== undefined && values.statecode !== null;
  const statusGiven = values.statuscode !== undefined && values.statuscode !== null;
  const status = meta.attributes.get('statuscode');
  if (stateGiven && !statusGiven) row.statuscode = defaultStatus(meta, values.statecode as number);
  if (!stateGiven && statusGiven) row.statecode = status?.statusToState?.[values.statuscode as number];
  if (stateGiven && statusGiven && status?.statusToState?.[values.statuscode as number] !== values.statecode)
    throw invalidStatus(meta, values.statuscode as number, values.statecode as number, id);
  const closing =
    meta.closedStates?.includes(row.statecode as number) &&
    !meta.closedStates.includes(existing.statecode as number);
  const now = isoSeconds(org.now());
  // phonecall.md actualend: "displays the date and time when the activity was completed or canceled".
  if (closing && meta.isActivity && !row.actualend) row.actualend = now;
  row.modifiedon = now;
  if (meta.attributes.has('modifiedby')) row.modifiedby = { id: org.callerId, entity: 'systemuser' };
  computeColumns(meta, row);
  row.versionnumber = org.store.nextVersion();
  checkKeys(org, meta, row, id);
  org.store.replace(meta.logicalName, id, row);
}

export function deleteRecord(org: Organization, meta: EntityMeta, id: string): void {
  if (!org.store.get(meta.logicalName, id)) throw recordNotFound(meta.logicalName, id);
  org.store.remove(meta.logicalName, id);
  for (const rule of CASCADE_ON_DELETE[meta.logicalName] ?? []) {
    const childMeta = org.schema.entity(rule.entity);
    if (!childMeta) continue;
    for (const childId of org.store.findBy(rule.entity, rule.lookup, id)) {
      const child = org.store.get(rule.entity, childId);
      const ref = child?.[rule.lookup];
      if (!child || !isEntityRef(ref) || ref.entity !== meta.logicalName) continue;
      if (rule.action === 'cascade') deleteRecord(org, childMeta, childId);
      else if (rule.action === 'remove-link') {
        const changed: Row = { ...child, [rule.lookup]: null, versionnumber: org.store.nextVersion() };
        org.store.replace(rule.entity, childId, changed);
      } else org.store.replace(rule.entity, childId, { ...child, ispartydeleted: true });
    }
  }
}

interface ChildInsert {
  nav: string;
  entity: string;
  lookup: string;
  items: Array<Record<string, unknown>>;
}

interface ParentInsert {
  nav: string;
  entity: string;
  column: string;
  body: Record<string, unknown>;
}

function readBody(
  org: Organization,
  meta: EntityMeta,
  body: Record<string, unknown>,
  operation: 'create' | 'update',
  resolve: ResolveReference,
): { values: Row; children: ChildInsert[]; parents: ParentInsert[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const values: Row = {};
  const children: ChildInsert[] = [];
  const parents: ParentInsert[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key.endsWith('@odata.bind')) {
      const navName = key.slice(0, -'@odata.bind'.length);
      const nav = org.schema.singleNav(meta, navName);
      if (!nav) throw undeclaredProperty(navName);
      values[nav.attribute.logicalName] = value === null ? null : bindTarget(org, nav, value, resolve);
      continue;
    }
    if (key.includes('@')) continue; // instance annotations such as @odata.type
    const collection = meta.collections.find((c) => c.name === key);
    if (collection) {
      if (operation === 'update') throw deepInsertOnUpdate(key);
      if (!Array.isArray(value) || !value.every(isObject))
        throw badRequest(`'${key}' must be an array of ${collection.entity} objects.`);
      children.push({ nav: key, entity: collection.entity, lookup: collection.lookup, items: value });
      continue;
    }
    const single = isObject(value) ? org.schema.singleNav(meta, key) : undefined;
    if (single && isObject(value)) {
      if (operation === 'update') throw deepInsertOnUpdate(key);
      const target = single.target ?? single.attribute.targets?.[0];
      if (!target) throw undeclaredProperty(key);
      parents.push({ nav: key, entity: target, column: single.attribute.logicalName, body: value });
      continue;
    }
    const attr = meta.attributes.get(key);
    if (!attr) throw unknownProperty(key, meta.logicalName);
    // entity-attribute-metadata.md: a column not valid for the operation "is ignored".
    const valid = operation === 'create' ? attr.validForCreate : attr.validForUpdate;
    if (!valid && !isLookup(attr)) continue;
    values[key] = toStoredValue(meta, attr, value);
  }
  return { values, children, parents };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Content-ID references (`$1`) are documented in request URLs and top-level `@odata.bind` values
 * (execute-batch-operations-using-web-api.md), not inside a deep-inserted row: refuse them there.
 */
function nestedResolver(resolve: ResolveReference, nav: string): ResolveReference {
  return (url) => {
    if (url.startsWith('$'))
      throw badRequest(
        `The Content-ID reference '${url}' inside '${nav}' is not supported: Content-ID references work in request URLs and top-level @odata.bind values only.`,
        '0x80048d19',
      );
    return resolve(url);
  };
}

/** A PATCH/PUT body that carries related rows (a collection, or an object in a navigation property). */
export function refuseDeepInsert(org: Organization, meta: EntityMeta, body: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) {
    if (meta.collections.some((c) => c.name === key)) throw deepInsertOnUpdate(key);
    if (isObject(value) && org.schema.singleNav(meta, key)) throw deepInsertOnUpdate(key);
  }
}

/** Learn documents deep insert for POST only (create-entity-web-api.md, "Create related table rows in one operation"). */
function deepInsertOnUpdate(nav: string): DataverseFault {
  return badRequest(
    `'${nav}' holds related rows, but a PATCH or PUT cannot create related rows (deep insert): only a POST that creates the record can.`,
    '0x80048d19',
  );
}

/** What OData answers for `<name>@odata.bind` when `<name>` is no navigation property of the type. */
function undeclaredProperty(name: string): DataverseFault {
  return badRequest(
    `An undeclared property '${name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    '0x80048d19',
  );
}

function bindTarget(
  org: Organization,
  nav: { attribute: AttributeMeta; target?: string },
  value: unknown,
  resolve: ResolveReference,
): EntityRef {
  if (typeof value !== 'string')
    throw badRequest(`An @odata.bind value must be a URL string, got ${JSON.stringify(value)}.`);
  const ref = resolve(value);
  const allowed = nav.target ? [nav.target] : (nav.attribute.targets ?? []);
  if (!allowed.includes(ref.entity))
    throw badRequest(
      `'${nav.attribute.logicalName}' cannot point at a ${ref.entity} record; it accepts ${allowed.join(', ')}.`,
    );
  if (!org.store.get(ref.entity, ref.id)) throw recordNotFound(ref.entity, ref.id);
  return ref;
}

function defaultStatus(meta: EntityMeta, state: number): number | null {
  const map = meta.attributes.get('statuscode')?.statusToState ?? {};
  const first = Object.keys(map)
    .map(Number)
    .find((s) => map[s] === state);
  return first ?? null;
}

function invalidStatus(meta: EntityMeta, status: number, state: number, id: string): DataverseFault {
  const label = meta.attributes.get('statecode')?.options?.[state] ?? String(state);
  return badRequest(
    `${status} is not a valid status code for state code ${meta.schemaName}State.${label} on ${meta.logicalName} with Id ${id}.`,
    '0x80040203',
  );
}

/** fullname "Combines and shows the contact's first and last names" (contact.md). */
function computeColumns(meta: EntityMeta, row: Row): void {
  if (meta.primaryName === 'fullname' && meta.attributes.get('fullname')?.validForCreate === false) {
    const parts = [row.firstname, row.middlename, row.lastname].filter(
      (p) => typeof p === 'string' && p.trim(),
    );
    row.fullname = parts.length ? parts.join(' ') : null;
  }
}

/**
 * Notes (annotation.md): `documentbody` is the attachment as base64, `filesize` its decoded size and
 * `isdocument` set with it. Whether Dataverse accepts a note on a closed activity is not documented, so
 * the emulator refuses it (stricter when unsure): a writer must reopen the activity first.
 */
function checkNote(org: Organization, row: Row): void {
  const body = row.documentbody;
  if (typeof body === 'string' && body !== '') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0)
      throw badRequest('The documentbody of a note must be base64-encoded file content.');
    row.isdocument = true;
    row.filesize = Buffer.from(body, 'base64').length;
  }
  const target = row.objectid;
  if (isEntityRef(target)) {
    const targetMeta = org.schema.mustEntity(target.entity);
    const parent = org.store.get(target.entity, target.id);
    row.objecttypecode = target.entity;
    if (parent && targetMeta.closedStates?.includes(parent.statecode as number))
      throw badRequest('Cannot add a note to a Closed or Cancelled Activity', '0x80040203');
  }
}

/** Active alternate keys are unique indexes: duplicates → 412 0x80060892 (data-service-errors.md). */
function checkKeys(org: Organization, meta: EntityMeta, row: Row, id: string): void {
  for (const key of meta.keys) {
    if (key.status !== 'Active') continue;
    const values = key.attributes.map((a) => normalize(row[a]));
    if (values.some((v) => v === null)) continue;
    const [first = ''] = key.attributes;
    const clash = org.store
      .findBy(meta.logicalName, first, row[first])
      .filter((other) => other !== id)
      .map((other) => org.store.get(meta.logicalName, other))
      .find((other) => other && key.attributes.every((a, i) => normalize(other[a]) === values[i]));
    if (clash)
      throw new DataverseFault(
        412,
        '0x80060892',
        `A record that has the attribute values ${key.attributes.join(', ')} already exists. The entity key ${key.schemaName} requires that this set of attributes contains unique values. Select unique values and try again.`,
      );
  }
}
