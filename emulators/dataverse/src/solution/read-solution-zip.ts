import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import type { AttributeMeta, AttributeType, CustomApiMeta } from '../metadata/metadata-types';

/**
 * Reads a solution zip in the layout Dataverse exports (notes §8.1): `solution.xml`, `customizations.xml`
 * (CustomizationsSolution.xsd: Entities/Entity/EntityInfo/entity/attributes, EntityKeys),
 * `environmentvariabledefinitions/<schema>/environmentvariabledefinition.xml` (§8.7) and
 * `customapis/<name>/customapi.xml` with `customapirequestparameters/…` (§8.8).
 */
export interface SolutionContent {
  uniqueName: string;
  version: string;
  managed: boolean;
  entities: Array<{
    logicalName: string;
    entitySetName?: string;
    changeTracking: boolean;
    attributes: AttributeMeta[];
    primaryName?: string;
    keys: Array<{ schemaName: string; logicalName: string; attributes: string[] }>;
  }>;
  environmentVariables: Array<{
    schemaname: string;
    displayname: string | null;
    description: string | null;
    type: number;
    defaultvalue: string | null;
    isrequired: boolean;
    values: string[];
  }>;
  customApis: Array<CustomApiMeta & { displayName: string | null; description: string | null }>;
}

const ARRAYS = new Set(['Entity', 'attribute', 'EntityKey', 'AttributeName', 'option', 'EntityRelationship', 'LookupType']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  textNodeName: '#text',
  isArray: (name) => ARRAYS.has(name),
});

/** customizations.xml `Type` → column type (CustomizationsSolution.xsd CrmDataType). */
const TYPES: Record<string, AttributeType> = {
  nvarchar: 'string',
  ntext: 'memo',
  memo: 'memo',
  int: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  float: 'double',
  money: 'money',
  bit: 'boolean',
  datetime: 'datetime',
  picklist: 'picklist',
  lookup: 'lookup',
  customer: 'customer',
  owner: 'owner',
  uniqueidentifier: 'uniqueidentifier',
  primarykey: 'uniqueidentifier',
};

type Xml = Record<string, unknown>;
const obj = (v: unknown): Xml => (typeof v === 'object' && v !== null ? (v as Xml) : {});
const list = (v: unknown): Xml[] => (Array.isArray(v) ? v.map(obj) : v === undefined || v === '' ? [] : [obj(v)]);
const text = (v: unknown): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'object') return text((v as Xml)['#text']);
  return String(v);
};
const label = (v: unknown): string | null => text(obj(v)['@_default']) ?? text(obj(obj(v).label)['@_description']);

export class SolutionFileError extends Error {}

export function readSolutionZip(zip: Uint8Array): SolutionContent {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    throw new SolutionFileError(`The customization file is not a valid zip (${(e as Error).message}).`);
  }
  const byLower = new Map(Object.entries(files).map(([name, data]) => [name.toLowerCase(), data]));
  const read = (name: string) => {
    const data = byLower.get(name.toLowerCase());
    return data ? parser.parse(strFromU8(data)) : undefined;
  };
  const manifest = obj(obj(obj(read('solution.xml')).ImportExportXml).SolutionManifest);
  const uniqueName = text(manifest.UniqueName);
  if (!uniqueName) throw new SolutionFileError('solution.xml is missing or has no SolutionManifest/UniqueName.');
  const customizations = read('customizations.xml');
  if (!customizations) throw new SolutionFileError('customizations.xml is missing from the solution zip.');
  const root = obj(obj(customizations).ImportExportXml);
  const relationshipTargets = new Map<string, string[]>();
  for (const rel of list(obj(root.EntityRelationships).EntityRelationship)) {
    const referencing = `${text(rel.ReferencingEntityName)?.toLowerCase()}.${text(rel.ReferencingAttributeName)?.toLowerCase()}`;
    const target = text(rel.ReferencedEntityName)?.toLowerCase();
    if (target) relationshipTargets.set(referencing, [...(relationshipTargets.get(referencing) ?? []), target]);
  }
  const entities = list(obj(root.Entities).Entity).map((e) => readEntity(e, relationshipTargets));
  const environmentVariables = [...byLower.keys()]
    .filter((n) => /^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/.test(n))
    .map((n) => readEnvironmentVariable(n, read, byLower));
  const customApis = [...byLower.keys()]
    .filter((n) => /^customapis\/[^/]+\/customapi\.xml$/.test(n))
    .map((n) => readCustomApi(n, read, byLower));
  return {
    uniqueName,
    version: text(manifest.Version) ?? '1.0.0.0',
    managed: text(manifest.Managed) === '1',
    entities,
    environmentVariables,
    customApis,
  };
}

function readEntity(e: Xml, relationshipTargets: Map<string, string[]>): SolutionContent['entities'][number] {
  const entity = obj(obj(e.EntityInfo).entity);
  const logicalName = (text(entity['@_Name']) ?? text(e.Name))?.toLowerCase();
  if (!logicalName) throw new SolutionFileError('An <Entity> in customizations.xml has no name.');
  let primaryName: string | undefined;
  const attributes = list(obj(entity.attributes).attribute).map((a): AttributeMeta => {
    const name = (text(a.LogicalName) ?? text(a['@_PhysicalName']))?.toLowerCase();
    const typeName = text(a.Type)?.toLowerCase() ?? '';
    const type = TYPES[typeName];
    if (!name) throw new SolutionFileError(`An attribute of ${logicalName} has no LogicalName.`);
    if (!type) throw new SolutionFileError(`Attribute ${logicalName}.${name} has unsupported Type '${typeName}'.`);
    if (text(a.DisplayMask)?.includes('PrimaryName')) primaryName = name;
    const meta: AttributeMeta = {
      logicalName: name,
      type,
      validForCreate: text(a.ValidForCreateApi) !== '0' && typeName !== 'primarykey' ? true : typeName === 'primarykey',
      validForUpdate: text(a.ValidForUpdateApi) !== '0' && typeName !== 'primarykey',
      isCustom: true,
    };
    const max = text(a.MaxLength);
    if (max) meta.maxLength = Number(max);
    const options = list(obj(obj(a.optionset).options).option);
    if (options.length)
      meta.options = Object.fromEntries(
        options.map((o) => [Number(text(o['@_value'])), text(obj(obj(o.labels).label)['@_description']) ?? '']),
      );
    if (type === 'lookup' || type === 'customer') {
      const types = obj(a.LookupTypes).LookupType;
      const named = (Array.isArray(types) ? types : [types])
        .map((t: unknown) => text(t))
        .filter((t): t is string => Boolean(t && !/^\d+$/.test(t)));
      meta.targets = named.length ? named.map((t) => t.toLowerCase()) : (relationshipTargets.get(`${logicalName}.${name}`) ?? []);
    }
    return meta;
  });
  const keys = list(obj(entity.EntityKeys).EntityKey).map((k) => {
    const schemaName = text(k.Name) ?? text(k.LogicalName);
    const names = obj(k.EntityKeyAttributes).AttributeName;
    const attrs = (Array.isArray(names) ? names : [names])
      .map((n: unknown) => (text(n) ?? '').toLowerCase())
      .filter(Boolean);
    if (!schemaName || attrs.length === 0)
      throw new SolutionFileError(`An EntityKey of ${logicalName} needs a Name and EntityKeyAttributes.`);
    return { schemaName, logicalName: (text(k.LogicalName) ?? schemaName).toLowerCase(), attributes: attrs };
  });
  const setName = text(entity.EntitySetName);
  return {
    logicalName,
    ...(setName ? { entitySetName: setName } : {}),
    changeTracking: text(entity.ChangeTrackingEnabled) === '1',
    attributes,
    ...(primaryName ? { primaryName } : {}),
    keys,
  };
}

function readEnvironmentVariable(
  path: string,
  read: (n: string) => unknown,
  files: Map<string, Uint8Array>,
): SolutionContent['environmentVariables'][number] {
  const def = obj(obj(read(path)).environmentvariabledefinition);
  const schemaname = text(def['@_schemaname']);
  if (!schemaname) throw new SolutionFileError(`${path} has no schemaname attribute.`);
  const valuesFile = files.get(path.replace(/environmentvariabledefinition\.xml$/, 'environmentvariablevalues.json'));
  const values: string[] = [];
  if (valuesFile) {
    const json = JSON.parse(strFromU8(valuesFile)) as {
      environmentvariablevalues?: { environmentvariablevalue?: Array<{ value?: string }> | { value?: string } };
    };
    const raw = json.environmentvariablevalues?.environmentvariablevalue;
    for (const v of Array.isArray(raw) ? raw : raw ? [raw] : []) if (typeof v.value === 'string') values.push(v.value);
  }
  return {
    schemaname,
    displayname: label(def.displayname),
    description: label(def.description),
    type: Number(text(def.type) ?? 100000000),
    defaultvalue: text(def.defaultvalue),
    isrequired: text(def.isrequired) === '1',
    values,
  };
}

function readCustomApi(
  path: string,
  read: (n: string) => unknown,
  files: Map<string, Uint8Array>,
): SolutionContent['customApis'][number] {
  const api = obj(obj(read(path)).customapi);
  const uniqueName = text(api['@_uniquename']);
  if (!uniqueName) throw new SolutionFileError(`${path} has no uniquename attribute.`);
  const folder = path.replace(/customapi\.xml$/, 'customapirequestparameters/');
  const parameters = [...files.keys()]
    .filter((n) => n.startsWith(folder) && n.endsWith('/customapirequestparameter.xml'))
    .map((n) => {
      const p = obj(obj(read(n)).customapirequestparameter);
      const name = text(p['@_uniquename']);
      if (!name) throw new SolutionFileError(`${n} has no uniquename attribute.`);
      return { uniqueName: name, type: Number(text(p.type) ?? 10), isOptional: text(p.isoptional) === '1' };
    });
  return {
    uniqueName,
    isFunction: text(api.isfunction) === '1',
    bindingType: Number(text(api.bindingtype) ?? 0),
    allowedCustomProcessingStepType: Number(text(api.allowedcustomprocessingsteptype) ?? 0),
    parameters,
    displayName: label(api.displayname),
    description: label(api.description),
  };
}
