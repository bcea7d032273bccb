/**
 * Glossary — the emulator's view of Dataverse metadata (EntityMetadata / AttributeMetadata on Learn):
 * - table = entity, identified by its logical name (`phonecall`) and addressed by its entity set (`phonecalls`);
 * - column = attribute; lookups are exposed as `_<name>_value` and written through navigation properties;
 * - key = alternate key (EntityKeyMetadata) with an index status that must be Active to be used.
 */
export const AttributeTypes = [
  'uniqueidentifier',
  'string',
  'memo',
  'integer',
  'bigint',
  'decimal',
  'double',
  'money',
  'boolean',
  'datetime',
  'picklist',
  'state',
  'status',
  'lookup',
  'owner',
  'customer',
  'entityname',
] as const;
export type AttributeType = (typeof AttributeTypes)[number];

export interface AttributeMeta {
  logicalName: string;
  type: AttributeType;
  maxLength?: number;
  /** Lookup targets (logical names). */
  targets?: string[];
  /**
   * A lookup that can point at several tables (customer, regarding, activity party): the Web API has no
   * navigation property named after the column, only `<column>_<table>` ones
   * (associate-disassociate-entities-using-web-api.md; the phonecall/activityparty EntityType pages).
   */
  polymorphic?: boolean;
  /** Choice / state / status labels by value. */
  options?: Record<number, string>;
  /** Status value → owning state value (status columns only). */
  statusToState?: Record<number, number>;
  validForCreate: boolean;
  validForUpdate: boolean;
  isCustom?: boolean;
}

export const KeyIndexStatuses = ['Pending', 'InProgress', 'Active', 'Failed'] as const;
export type KeyIndexStatus = (typeof KeyIndexStatuses)[number];

export interface KeyMeta {
  schemaName: string;
  logicalName: string;
  attributes: string[];
  status: KeyIndexStatus;
  metadataId: string;
}

/** A collection-valued navigation property: rows of `entity` whose `lookup` points at the parent. */
export interface CollectionNav {
  name: string;
  entity: string;
  lookup: string;
}

export interface EntityMeta {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  isActivity: boolean;
  userOwned: boolean;
  changeTracking: boolean;
  metadataId: string;
  attributes: Map<string, AttributeMeta>;
  keys: KeyMeta[];
  collections: CollectionNav[];
  /** Single-valued navigation properties whose name is not derived from the lookup column's name. */
  navAliases: Record<string, string>;
  /** Readable state of the row (`statecode` values that make a row read-only, activities only). */
  closedStates?: number[];
}

/** A custom API (customapi table) callable as an unbound action. */
export interface CustomApiMeta {
  uniqueName: string;
  isFunction: boolean;
  bindingType: number;
  allowedCustomProcessingStepType: number;
  parameters: Array<{ uniqueName: string; type: number; isOptional: boolean }>;
}
