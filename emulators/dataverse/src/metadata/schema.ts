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
   * Naming per the Web API EntityType pages: `ownerid`, `<lookup>_<target>` (partyid_contact),
   * activity regarding `<lookup>_<target>_<activity>` (regardingobjectid_contact_phonecall).
   */
  singleNav(entity: EntityMeta, name: string): { attribute: AttributeMeta; target?: string } | undefined;
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
      const alias = entity.navAliases[name];
      const direct = entity.attributes.get(alias ?? name);
      if (direct && isLookup(direct)) {
        const only = direct.targets?.length === 1 ? direct.targets[0] : undefined;
        return only ? { attribute: direct, target: only } : { attribute: direct };
      }
      for (const attribute of entity.attributes.values()) {
        if (!isLookup(attribute)) continue;
        for (const target of attribute.targets ?? []) {
          const base = `${attribute.logicalName}_${target}`;
          if (name === base || name === `${base}_${entity.logicalName}`) return { attribute, target };
        }
      }
      return undefined;
    },
  };
  for (const meta of standardTables(newId)) schema.addEntity(meta);
  return schema;
}

export function isLookup(a: AttributeMeta): boolean {
  return a.type === 'lookup' || a.type === 'owner' || a.type === 'customer';
}
