import { unknownProperty } from '../errors';
import type { AttributeMeta, EntityMeta } from '../metadata/metadata-types';
import { isLookup } from '../metadata/schema';
import type { Organization } from '../organization';
import { isEntityRef, type Row } from '../store/row-store';
import type { Preferences } from '../web-api/prefer';
import { wantsAnnotation } from '../web-api/prefer';
import { formatValue } from './column-values';
import { compareValues, matches } from './filter';
import type { QueryOptions } from './query-options';

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
const NAV_NAME = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

/** Web API property name of a column: lookups are read as `_<name>_value` (Learn: lookup properties). */
export function propertyName(attr: AttributeMeta): string {
  return isLookup(attr) ? `_${attr.logicalName}_value` : attr.logicalName;
}

/** Column behind a Web API property name, or a 400 naming the unknown property. */
export function attributeFor(meta: EntityMeta, prop: string): AttributeMeta {
  const lookup = /^_(.+)_value$/.exec(prop);
  const attr = meta.attributes.get(lookup?.[1] ?? prop);
  // Learn "Troubleshoot Dataverse Web API client errors": an unknown property in a query is 400 with code 0x0.
  if (!attr || isLookup(attr) !== Boolean(lookup)) throw unknownProperty(prop, meta.logicalName, '0x0');
  return attr;
}

/** Reads Web API properties of rows of one table; property names are resolved once per query. */
export function propertyReader(meta: EntityMeta): (row: Row, prop: string) => unknown {
  const columns = new Map<string, string>();
  return (row, prop) => {
    let column = columns.get(prop);
    if (column === undefined) columns.set(prop, (column = attributeFor(meta, prop).logicalName));
    const v = row[column];
    return isEntityRef(v) ? v.id : (v ?? null);
  };
}

export function viewRow(
  org: Organization,
  meta: EntityMeta,
  row: Row,
  options: QueryOptions,
  prefs: Preferences,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
  const attrs = options.select
    ? options.select.map((p) => attributeFor(meta, p))
    : [...meta.attributes.values()];
  if (!attrs.some((a) => a.logicalName === meta.primaryId))
    attrs.push(meta.attributes.get(meta.primaryId) as AttributeMeta);
  for (const attr of attrs) {
    const name = propertyName(attr);
    const value = row[attr.logicalName];
    if (isEntityRef(value)) {
      out[name] = value.id;
      const target = org.schema.entity(value.entity);
      const targetRow = org.store.get(value.entity, value.id);
      if (wantsAnnotation(prefs, FORMATTED) && target && targetRow)
        out[`${name}@${FORMATTED}`] = targetRow[target.primaryName] ?? null;
      if (wantsAnnotation(prefs, NAV_NAME))
        out[`${name}@${NAV_NAME}`] = org.schema.navigationName(meta, attr, value.entity);
      if (wantsAnnotation(prefs, LOOKUP_NAME)) out[`${name}@${LOOKUP_NAME}`] = value.entity;
      continue;
    }
    out[name] = value ?? null;
    const formatted = wantsAnnotation(prefs, FORMATTED) ? formatValue(attr, value) : undefined;
    if (formatted !== undefined) out[`${name}@${FORMATTED}`] = formatted;
  }
  for (const item of options.expand ?? [])
    out[item.nav] = expand(org, meta, row, item.nav, item.options, prefs);
  return out;
}

function expand(
  org: Organization,
  meta: EntityMeta,
  row: Row,
  nav: string,
  options: QueryOptions,
  prefs: Preferences,
): unknown {
  const collection = meta.collections.find((c) => c.name === nav);
  if (collection) {
    const childMeta = org.schema.mustEntity(collection.entity);
    const id = row[meta.primaryId];
    const children = org.store.all(collection.entity).filter((child) => {
      const ref = child[collection.lookup];
      return isEntityRef(ref) && ref.id === id;
    });
    return selectRows(childMeta, children, options).map((r) => viewRow(org, childMeta, r, options, prefs));
  }
  const single = org.schema.singleNav(meta, nav);
  if (!single) throw unknownProperty(nav, meta.logicalName);
  const ref = row[single.attribute.logicalName];
  if (!isEntityRef(ref) || (single.target && single.target !== ref.entity)) return null;
  const targetMeta = org.schema.mustEntity(ref.entity);
  const target = org.store.get(ref.entity, ref.id);
  return target ? viewRow(org, targetMeta, target, options, prefs) : null;
}

/** Applies $filter, $orderby and $top to stored rows (before paging). */
export function selectRows(meta: EntityMeta, rows: Row[], options: QueryOptions): Row[] {
  let result = rows;
  const read = propertyReader(meta);
  const filter = options.filter;
  if (filter) result = result.filter((r) => matches(filter, (prop) => read(r, prop)));
  const orderby = options.orderby;
  if (orderby) {
    for (const o of orderby) attributeFor(meta, o.prop);
    result = [...result].sort((a, b) => {
      for (const o of orderby) {
        const va = read(a, o.prop);
        const vb = read(b, o.prop);
        // SQL Server sorts NULL first in ascending order.
        const c = va === null ? (vb === null ? 0 : -1) : vb === null ? 1 : compareValues(va, vb);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  if (options.select) for (const p of options.select) attributeFor(meta, p);
  return result;
}
