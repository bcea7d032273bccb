import { DataverseFault, badRequest, resourceNotFound } from '../errors';
import type { EntityMeta } from '../metadata/metadata-types';
import { isGuid } from '../odata/column-values';
import { splitTopLevel } from '../odata/query-options';
import type { Organization } from '../organization';
import type { EntityRef } from '../store/row-store';
import { normalize } from '../store/row-store';

/**
 * Record addressing (Learn: use-alternate-key-reference-record.md): `contacts(<guid>)`, `phonecalls(ringo_callid='X')`,
 * composite keys `contacts(firstname='Joe',emailaddress1='abc@example.com')`, lookup keys `(_x_value=<guid>)`.
 */
export interface Address {
  meta: EntityMeta;
  /** Present when the row exists (or the address is a primary key). */
  id?: string;
  exists: boolean;
  /** Alternate key values, copied into the row when an upsert creates it (use-upsert-insert-update-record.md). */
  keyValues?: Record<string, unknown>;
}

export function parseSegment(segment: string): { name: string; key?: string } {
  const m = /^([^()]+)(?:\((.*)\))?$/s.exec(segment);
  if (!m || !m[1]) throw resourceNotFound(segment);
  return m[2] === undefined ? { name: m[1] } : { name: m[1], key: m[2] };
}

export function locate(org: Organization, meta: EntityMeta, keyText: string): Address {
  const trimmed = keyText.trim();
  if (isGuid(trimmed)) {
    const id = trimmed.toLowerCase();
    return { meta, id, exists: Boolean(org.store.get(meta.logicalName, id)) };
  }
  const pairs = splitTopLevel(trimmed, ',').map((p) => {
    const eq = p.indexOf('=');
    if (eq < 0) throw badRequest(`Invalid key '${keyText}' for ${meta.entitySetName}.`);
    const prop = p.slice(0, eq).trim();
    const lookup = /^_(.+)_value$/.exec(prop);
    return { column: lookup?.[1] ?? prop, value: parseKeyLiteral(p.slice(eq + 1).trim(), keyText) };
  });
  const names = pairs.map((p) => p.column).sort();
  const key = meta.keys.find((k) => [...k.attributes].sort().join() === names.join());
  if (!key)
    throw badRequest(
      `The key specified (${names.join(', ')}) is not an alternate key defined for entity '${meta.logicalName}'.`,
      '0x80060888',
    );
  if (key.status !== 'Active')
    throw badRequest(
      `The entity key '${key.schemaName}' of entity '${meta.logicalName}' is not active (EntityKeyIndexStatus ${key.status}); it cannot be used to address records yet.`,
      '0x80060888',
    );
  const [first] = pairs;
  const row = org.store
    .findBy(meta.logicalName, first?.column ?? '', first?.value)
    .map((id) => org.store.get(meta.logicalName, id))
    .find((r) => r && pairs.every((p) => normalize(r[p.column]) === normalize(p.value)));
  const keyValues = Object.fromEntries(
    pairs.map((p) => {
      const attr = meta.attributes.get(p.column);
      const isRef = attr?.targets && typeof p.value === 'string';
      return [p.column, isRef ? { id: p.value, entity: attr.targets?.[0] ?? '' } : p.value];
    }),
  );
  return row
    ? { meta, id: String(row[meta.primaryId]), exists: true, keyValues }
    : { meta, exists: false, keyValues };
}

/**
 * define-alternate-keys-entity.md: key values containing these characters make GET and PATCH by
 * alternate key fail (Learn lists / < > * % & : \\ ?; + and # cannot cross a URL unchanged either).
 */
const UNSAFE_KEY_CHARACTERS = /[/<>*%&:\\?+#]/;

function parseKeyLiteral(text: string, whole: string): string | number {
  if (/^'.*'$/s.test(text)) {
    const value = text.slice(1, -1).replace(/''/g, "'");
    if (UNSAFE_KEY_CHARACTERS.test(value))
      throw badRequest(
        `The alternate key value in '${whole}' contains a character that GET and PATCH by alternate key do not support (/ < > * % & : \\ ? + #). Address the row by its primary key or find it with $filter.`,
        '0x80048d19',
      );
    return value;
  }
  if (isGuid(text)) return text.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw badRequest(`Invalid key value '${text}' in '${whole}'.`);
}

/** A URL (absolute, `/set(key)` or `set(key)`) of an existing record → its reference. */
export function resolveRecordUrl(org: Organization, url: string): EntityRef {
  const path = url
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/^\/?api\/data\/v9\.\d\//, '')
    .replace(/^\//, '');
  const { name, key } = parseSegment(decodeURIComponent(path));
  const meta = org.schema.bySet(name);
  if (!meta || key === undefined) throw badRequest(`'${url}' is not a record URL.`, '0x80060888');
  const address = locate(org, meta, key);
  if (!address.exists || !address.id)
    throw new DataverseFault(
      404,
      '0x80040217',
      `${meta.logicalName} With Id = ${address.id ?? key} Does Not Exist`,
    );
  return { entity: meta.logicalName, id: address.id };
}
