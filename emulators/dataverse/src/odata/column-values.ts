import { badRequest } from '../errors';
import type { AttributeMeta, EntityMeta } from '../metadata/metadata-types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string) => GUID.test(s);

/**
 * Checks one JSON value against its column type and returns what the row stores.
 * Messages copy Dataverse's validation errors (code 0x80044331 "A validation error occurred. …").
 */
export function toStoredValue(entity: EntityMeta, attr: AttributeMeta, value: unknown): unknown {
  if (value === null) return null;
  const where = `'${attr.logicalName}' of the '${entity.logicalName}' entity`;
  const wrongType = () =>
    badRequest(
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type 'Edm.${edmType(attr)}' for ${where}.`,
      '0x80048d19',
    );
  switch (attr.type) {
    case 'string':
    case 'memo':
    case 'entityname': {
      if (typeof value !== 'string') throw wrongType();
      if (attr.maxLength !== undefined && value.length > attr.maxLength)
        throw badRequest(
          `A validation error occurred. The length of the '${attr.logicalName}' attribute of the '${entity.logicalName}' entity exceeded the maximum allowed length of '${attr.maxLength}'.`,
          '0x80044331',
        );
      return value;
    }
    case 'integer':
    case 'bigint':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType();
      return value;
    case 'decimal':
    case 'double':
    case 'money':
      if (typeof value !== 'number') throw wrongType();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType();
      return value;
    case 'uniqueidentifier':
      if (typeof value !== 'string' || !isGuid(value)) throw wrongType();
      return value.toLowerCase();
    case 'datetime': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) throw wrongType();
      // Dataverse stores UTC and returns seconds precision: "2024-05-01T10:00:00Z".
      return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'picklist':
    case 'state':
    case 'status': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType();
      if (attr.options && !(value in attr.options))
        throw badRequest(
          `A validation error occurred. The value ${value} of '${attr.logicalName}' on record of type '${entity.logicalName}' is outside the valid range. Accepted Values: ${Object.keys(attr.options).join(',')}`,
          '0x8004431a',
        );
      return value;
    }
    case 'lookup':
    case 'owner':
    case 'customer':
      throw badRequest(
        `Lookup column '${attr.logicalName}' of '${entity.logicalName}' is set through a navigation property: use '<navigation property>@odata.bind'.`,
      );
  }
}

export function edmType(attr: AttributeMeta): string {
  const map: Record<string, string> = {
    string: 'String',
    memo: 'String',
    entityname: 'String',
    integer: 'Int32',
    bigint: 'Int64',
    decimal: 'Decimal',
    double: 'Double',
    money: 'Decimal',
    boolean: 'Boolean',
    uniqueidentifier: 'Guid',
    datetime: 'DateTimeOffset',
    picklist: 'Int32',
    state: 'Int32',
    status: 'Int32',
  };
  return map[attr.type] ?? 'Guid';
}

/** `@OData.Community.Display.V1.FormattedValue` text for a stored value (en-US, UTC). */
export function formatValue(attr: AttributeMeta, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (attr.options && typeof value === 'number') return attr.options[value];
  if (attr.type === 'boolean') {
    if (attr.logicalName === 'directioncode') return value ? 'Outgoing' : 'Incoming';
    return value ? 'Yes' : 'No';
  }
  if (attr.type === 'datetime' && typeof value === 'string') {
    const d = new Date(value);
    const hours = d.getUTCHours() % 12 || 12;
    const minutes = String(d.getUTCMinutes()).padStart(2, '0');
    const ampm = d.getUTCHours() < 12 ? 'AM' : 'PM';
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${minutes} ${ampm}`;
  }
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return undefined;
}
