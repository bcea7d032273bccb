import { strToU8, zipSync } from 'fflate';

/**
 * Writes a solution zip in Dataverse's export layout from a compact description. Used for the built-in
 * copy of the product contract (DESIGN.md §4) and by tests that need small solutions.
 */
export interface ColumnSpec {
  name: string;
  type: 'nvarchar' | 'ntext' | 'int' | 'bit' | 'picklist' | 'datetime' | 'lookup';
  maxLength?: number;
  format?: string;
  options?: Record<number, string>;
  targets?: string[];
}
export interface SolutionSpec {
  uniqueName: string;
  version?: string;
  publisherPrefix?: string;
  entities: Array<{
    name: string;
    changeTracking?: boolean;
    columns: ColumnSpec[];
    keys?: Array<{ name: string; attributes: string[] }>;
  }>;
  environmentVariables?: Array<{ schemaName: string; type?: number; defaultValue?: string }>;
  customApis?: Array<{ uniqueName: string; parameters: Array<{ name: string; type: number; optional?: boolean }> }>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function column(c: ColumnSpec): string {
  const parts = [
    `<attribute PhysicalName="${c.name}">`,
    `<Type>${c.type}</Type>`,
    `<Name>${c.name}</Name>`,
    `<LogicalName>${c.name}</LogicalName>`,
    '<RequiredLevel>none</RequiredLevel>',
    '<ValidForUpdateApi>1</ValidForUpdateApi><ValidForReadApi>1</ValidForReadApi><ValidForCreateApi>1</ValidForCreateApi>',
    '<IsCustomField>1</IsCustomField>',
  ];
  if (c.format) parts.push(`<Format>${c.format}</Format>`);
  if (c.maxLength) parts.push(`<MaxLength>${c.maxLength}</MaxLength><Length>${c.maxLength * 2}</Length>`);
  if (c.targets) parts.push(`<LookupTypes>${c.targets.map((t) => `<LookupType>${t}</LookupType>`).join('')}</LookupTypes>`);
  if (c.options)
    parts.push(
      `<optionset Name="${c.name}"><OptionSetType>picklist</OptionSetType><options>${Object.entries(c.options)
        .map(
          ([v, l]) =>
            `<option value="${v}" ExternalValue="" IsHidden="0"><labels><label description="${esc(l)}" languagecode="1033" /></labels></option>`,
        )
        .join('')}</options></optionset>`,
    );
  parts.push(`<displaynames><displayname description="${c.name}" languagecode="1033" /></displaynames></attribute>`);
  return parts.join('');
}

export function buildSolutionZip(spec: SolutionSpec): Uint8Array {
  const prefix = spec.publisherPrefix ?? spec.uniqueName.slice(0, 5).toLowerCase();
  const entities = spec.entities
    .map((e) => {
      const keys = (e.keys ?? [])
        .map(
          (k) =>
            `<EntityKey><Name>${k.name}</Name><LogicalName>${k.name}</LogicalName><EntityKeyAttributes>${k.attributes
              .map((a) => `<AttributeName>${a}</AttributeName>`)
              .join('')}</EntityKeyAttributes></EntityKey>`,
        )
        .join('');
      return `<Entity><Name LocalizedName="${e.name}" OriginalName="${e.name}">${e.name}</Name><EntityInfo><entity Name="${e.name}">${
        e.changeTracking ? '<ChangeTrackingEnabled>1</ChangeTrackingEnabled>' : ''
      }<attributes>${e.columns.map(column).join('')}</attributes>${keys ? `<EntityKeys>${keys}</EntityKeys>` : ''}</entity></EntityInfo></Entity>`;
    })
    .join('');
  const roots = spec.entities.map((e) => `<RootComponent type="1" schemaName="${e.name.toLowerCase()}" behavior="2" />`);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>',
    ),
    'solution.xml': strToU8(
      `<ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033"><SolutionManifest><UniqueName>${spec.uniqueName}</UniqueName><Version>${spec.version ?? '1.0.0.0'}</Version><Managed>0</Managed><Publisher><UniqueName>${prefix}</UniqueName><CustomizationPrefix>${prefix}</CustomizationPrefix></Publisher><RootComponents>${roots.join('')}</RootComponents><MissingDependencies /></SolutionManifest></ImportExportXml>`,
    ),
    'customizations.xml': strToU8(
      `<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Entities>${entities}</Entities><Roles /><Workflows /><Languages><Language>1033</Language></Languages></ImportExportXml>`,
    ),
  };
  for (const v of spec.environmentVariables ?? [])
    files[`environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`] = strToU8(
      `<environmentvariabledefinition schemaname="${v.schemaName}"><displayname default="${v.schemaName}"><label description="${v.schemaName}" languagecode="1033" /></displayname><iscustomizable>1</iscustomizable><isrequired>0</isrequired><secretstore>0</secretstore><type>${v.type ?? 100000000}</type>${
        v.defaultValue === undefined ? '' : `<defaultvalue>${esc(v.defaultValue)}</defaultvalue>`
      }</environmentvariabledefinition>`,
    );
  for (const api of spec.customApis ?? []) {
    files[`customapis/${api.uniqueName}/customapi.xml`] = strToU8(
      `<customapi uniquename="${api.uniqueName}"><allowedcustomprocessingsteptype>1</allowedcustomprocessingsteptype><bindingtype>0</bindingtype><boundentitylogicalname /><displayname default="${api.uniqueName}"><label description="${api.uniqueName}" languagecode="1033" /></displayname><iscustomizable>0</iscustomizable><executeprivilegename /><isfunction>0</isfunction><isprivate>0</isprivate><name>${api.uniqueName}</name><plugintypeid /></customapi>`,
    );
    for (const p of api.parameters)
      files[`customapis/${api.uniqueName}/customapirequestparameters/${p.name}/customapirequestparameter.xml`] = strToU8(
        `<customapirequestparameter uniquename="${p.name}"><iscustomizable>0</iscustomizable><isoptional>${p.optional ? 1 : 0}</isoptional><logicalentityname /><name>${api.uniqueName}.${p.name}</name><type>${p.type}</type></customapirequestparameter>`,
      );
  }
  return zipSync(files);
}
