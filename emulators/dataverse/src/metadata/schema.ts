import { resourceNotFound } from '../errors';
import type { AttributeMeta, CustomApiMeta, EntityMeta } from './metadata-types';
import { standardTables } from './standard-tables';

/** The org's metadata: tables by logical name and by entity set, plus callable custom APIs. */
export interface Schema {
  entity(logicalName: string): EntityMeta | undefined;
  mustEntity(logicalName: string): EntityMeta;
  bySet(entitySetName: string): EntityMeta | undefined;
  entities(): EntityMeta[];
  addEntity(meta: EntityMeta): void;
  customApi(uniqueName: string): CustomApiMeta | undefined;
  addCustomApi(api: CustomApiMeta): void;
  /**
   * A single-valued navigation property → the lookup column it writes and the target table.
   * Naming per the Web API EntityType pages: a single-table lookup and `ownerid` by their own name (or
   * the schema-name alias, `EnvironmentVariableDefinitionId`), a polymorphic lookup only as
   * `<lookup>_<target>` (partyid_contact, parentcustomerid_contact), activity regarding also as
   * `<lookup>_<target>_<activity>` (regardingobjectid_contact_phonecall). A bare polymorphic name
   * (`regardingobjectid`, `partyid`, `parentcustomerid`) is no navigation property.
   */
  singleNav(entity: EntityMeta, name: string): { attribute: AttributeMeta; target?: string } | undefined;
  /** The navigation property a lookup value pointing at `target` goes through (associatednavigationproperty). */
  navigationName(entity: EntityMeta, attribute: AttributeMeta, target: string): string;
}

export function createSchema(newId: () => string): Schema {
  const byName = new Map<string, EntityMeta>();
  const bySetName = new Map<string, EntityMeta>();
  const apis = new Map<string, CustomApiMeta>();
  const schema: Schema = {
    entity: (n) => byName.get(n),
    mustEntity(n) {
      const meta = byName.get(n);
      if (!meta) throw resourceNotFound(n);
      return meta;
    },
    bySet: (n) => bySetName.get(n),
    entities: () => [...byName.values()],
    addEntity(meta) {
      byName.set(meta.logicalName, meta);
      bySetName.set(meta.entitySetName, meta);
    },
    customApi: (n) => apis.get(n),
    addCustomApi: (api) => void apis.set(api.uniqueName, api),
    singleNav(entity, name) {
      const aliased = entity.navAliases[name];
      if (aliased !== undefined) {
        const attribute = entity.attributes.get(aliased);
        return attribute && isLookup(attribute) ? single(attribute) : undefined;
      }
      const direct = entity.attributes.get(name);
      if (direct && isLookup(direct) && !isPolymorphic(direct) && !hasAlias(entity, name))
        return single(direct);
      for (const attribute of entity.attributes.values()) {
        if (!isLookup(attribute) || !isPolymorphic(attribute)) continue;
        for (const target of attribute.targets ?? []) {
          const base = `${attribute.logicalName}_${target}`;
          if (name === base) return { attribute, target };
          // Activities also expose regarding as regardingobjectid_<table>_<activity> (phonecall EntityType).
          const activityForm = entity.isActivity && attribute.logicalName === 'regardingobjectid';
          if (activityForm && name === `${base}_${entity.logicalName}`) return { attribute, target };
        }
      }
      return undefined;
    },
    navigationName(entity, attribute, target) {
      const alias = Object.entries(entity.navAliases).find(([, column]) => column === attribute.logicalName);
      if (alias) return alias[0];
      if (!isPolymorphic(attribute)) return attribute.logicalName;
      if (entity.isActivity && attribute.logicalName === 'regardingobjectid')
        return `regardingobjectid_${target}_${entity.logicalName}`;
      return `${attribute.logicalName}_${target}`;
    },
  };
  for (const meta of standardTables(newId)) schema.addEntity(meta);
  return schema;
}

export function isLookup(a: AttributeMeta): boolean {
  return a.type === 'lookup' || a.type === 'owner' || a.type === 'customer';
}

/** Customer columns and lookups marked polymorphic point at several tables (owner has its own `ownerid`). */
export function isPolymorphic(a: AttributeMeta): boolean {
  return a.type === 'customer' || a.polymorphic === true;
}

function hasAlias(entity: EntityMeta, column: string): boolean {
  return Object.values(entity.navAliases).includes(column);
}

function single(attribute: AttributeMeta): { attribute: AttributeMeta; target?: string } {
  const only = attribute.targets?.length === 1 ? attribute.targets[0] : undefined;
  return only ? { attribute, target: only } : { attribute };
}
