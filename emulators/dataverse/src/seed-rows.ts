import { isLookup } from './metadata/schema';
import { createDefaults } from './metadata/standard-tables';
import { toStoredValue } from './odata/column-values';
import { isoSeconds, type Organization } from './organization';
import { isEntityRef, type Row } from './store/row-store';

/**
 * Direct seeding (tests, demo data): columns by logical name, lookups as a GUID (the target table is the one
 * holding that id) or `{ id, entity }`. Unlike a Web API create it accepts statecode, so closed rows can be seeded.
 */
export function seedRow(org: Organization, entity: string, values: Record<string, unknown>): string {
  const meta = org.schema.entity(entity);
  if (!meta)
    throw new Error(`Cannot seed '${entity}': the emulator has no such table (is the solution imported?).`);
  const id =
    typeof values[meta.primaryId] === 'string' ? String(values[meta.primaryId]).toLowerCase() : org.newId();
  const now = isoSeconds(org.now());
  const row: Row = { ...(createDefaults[entity] ?? {}) };
  for (const attr of meta.attributes.values()) if (!(attr.logicalName in row)) row[attr.logicalName] = null;
  if (meta.attributes.has('statecode')) Object.assign(row, { statecode: 0, statuscode: 1 });
  if (meta.attributes.has('ownerid')) row.ownerid = { id: org.callerId, entity: 'systemuser' };
  Object.assign(row, { createdon: now, modifiedon: now });
  for (const [key, value] of Object.entries(values)) {
    const attr = meta.attributes.get(key);
    if (!attr) throw new Error(`Cannot seed ${entity}.${key}: no such column.`);
    if (isLookup(attr))
      row[key] = value === null ? null : lookupRef(org, attr.targets ?? [], value, `${entity}.${key}`);
    else if (attr.type === 'state' || attr.type === 'status') row[key] = value;
    else row[key] = toStoredValue(meta, { ...attr, validForCreate: true }, value);
  }
  row[meta.primaryId] = id;
  if (meta.attributes.get('fullname')?.validForCreate === false) {
    const parts = [row.firstname, row.middlename, row.lastname].filter(
      (p) => typeof p === 'string' && p.trim(),
    );
    row.fullname = parts.length ? parts.join(' ') : null;
  }
  row.versionnumber = org.store.nextVersion();
  org.store.insert(entity, id, row);
  return id;
}

function lookupRef(org: Organization, targets: string[], value: unknown, where: string) {
  if (isEntityRef(value)) return { id: value.id.toLowerCase(), entity: value.entity };
  if (typeof value !== 'string') throw new Error(`Cannot seed ${where}: give a GUID or { id, entity }.`);
  const id = value.toLowerCase();
  const entity = targets.find((t) => org.store.get(t, id)) ?? targets[0];
  if (!entity) throw new Error(`Cannot seed ${where}: the lookup has no target table.`);
  return { id, entity };
}

/** A stored row as plain data: lookups become the GUID plus `<column>type` (the target table, like owneridtype). */
export function plainRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (isEntityRef(v)) {
      out[k] = v.id;
      out[`${k}type`] = v.entity;
    } else out[k] = v;
  }
  return out;
}
