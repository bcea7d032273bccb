import type { EntityMeta } from '../metadata/metadata-types';
import type { Organization } from '../organization';
import type { Row } from '../store/row-store';
import type { FilterExpr } from './filter';
import { attributeFor } from './row-view';

/** Column types whose stored form and literal form normalise alike, so an equality index can answer them. */
const INDEXABLE = new Set([
  'string',
  'memo',
  'uniqueidentifier',
  'lookup',
  'owner',
  'customer',
  'integer',
  'picklist',
]);

/**
 * Rows that can match `filter`, narrowed through the store's equality index when the filter pins a column
 * (`mobilephone eq '+380…' or telephone1 eq '+380…'`). The full filter is still applied afterwards, so this
 * only changes speed, never the answer.
 */
export function candidateRows(org: Organization, meta: EntityMeta, filter: FilterExpr | undefined): Row[] {
  const ids = filter ? candidateIds(org, meta, filter) : undefined;
  if (!ids) return org.store.all(meta.logicalName);
  return [...ids].map((id) => org.store.get(meta.logicalName, id)).filter((r): r is Row => r !== undefined);
}

function candidateIds(org: Organization, meta: EntityMeta, expr: FilterExpr): Set<string> | undefined {
  if (expr.kind === 'cmp' && expr.op === 'eq') {
    const [prop, lit] =
      expr.left.kind === 'prop' && expr.right.kind === 'lit'
        ? [expr.left.name, expr.right]
        : expr.right.kind === 'prop' && expr.left.kind === 'lit'
          ? [expr.right.name, expr.left]
          : [undefined, undefined];
    if (!prop || !lit || lit.value === null) return undefined;
    const attr = attributeFor(meta, prop);
    if (!INDEXABLE.has(attr.type)) return undefined;
    return new Set(org.store.findBy(meta.logicalName, attr.logicalName, lit.value));
  }
  if (expr.kind === 'and') return candidateIds(org, meta, expr.left) ?? candidateIds(org, meta, expr.right);
  if (expr.kind === 'or') {
    const left = candidateIds(org, meta, expr.left);
    const right = left && candidateIds(org, meta, expr.right);
    return left && right ? new Set([...left, ...right]) : undefined;
  }
  return undefined;
}
