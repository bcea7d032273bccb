import type { AttributeMeta, AttributeType } from './metadata-types';

/** Small builders so the standard-table catalogue reads like the Learn reference tables it copies. */
type Extra = Partial<Omit<AttributeMeta, 'logicalName' | 'type'>>;

function column(logicalName: string, type: AttributeType, extra: Extra = {}): AttributeMeta {
  return { logicalName, type, validForCreate: true, validForUpdate: true, ...extra };
}

export const col = {
  id: (name: string) => column(name, 'uniqueidentifier', { validForUpdate: false }),
  guid: (name: string) => column(name, 'uniqueidentifier'),
  text: (name: string, maxLength: number) => column(name, 'string', { maxLength }),
  memo: (name: string, maxLength: number) => column(name, 'memo', { maxLength }),
  int: (name: string) => column(name, 'integer'),
  bool: (name: string) => column(name, 'boolean'),
  date: (name: string) => column(name, 'datetime'),
  choice: (name: string, options: Record<number, string>) => column(name, 'picklist', { options }),
  lookup: (name: string, targets: string[]) => column(name, 'lookup', { targets }),
  /** A lookup to several tables: bound only through `<name>_<table>` navigation properties. */
  polymorphic: (name: string, targets: string[]) => column(name, 'lookup', { targets, polymorphic: true }),
  owner: () => column('ownerid', 'owner', { targets: ['systemuser', 'team'] }),
  readOnly: (name: string, type: AttributeType, maxLength?: number) =>
    column(name, type, {
      validForCreate: false,
      validForUpdate: false,
      ...(maxLength === undefined ? {} : { maxLength }),
    }),
  createOnly: (name: string, type: AttributeType) => column(name, type, { validForUpdate: false }),
  /**
   * statecode is "IsValidForCreate False" on Learn's table references: ignored on create, so rows
   * always start in their first state (entity-attribute-metadata.md: "the value is ignored").
   */
  state: (options: Record<number, string>) =>
    column('statecode', 'state', { options, validForCreate: false }),
  status: (options: Record<number, [label: string, state: number]>) =>
    column('statuscode', 'status', {
      options: Object.fromEntries(Object.entries(options).map(([v, [label]]) => [v, label])),
      statusToState: Object.fromEntries(Object.entries(options).map(([v, [, state]]) => [v, state])),
    }),
};

/** createdon/modifiedon/createdby/modifiedby/versionnumber: system-maintained on every table. */
export function auditColumns(): AttributeMeta[] {
  return [
    col.readOnly('createdon', 'datetime'),
    col.readOnly('modifiedon', 'datetime'),
    { ...col.readOnly('createdby', 'lookup'), targets: ['systemuser'] },
    { ...col.readOnly('modifiedby', 'lookup'), targets: ['systemuser'] },
    col.readOnly('versionnumber', 'bigint'),
    col.createOnly('overriddencreatedon', 'datetime'),
  ];
}
