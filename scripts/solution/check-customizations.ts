import type { RootComponentRef } from './check-manifest';
import { child, list, lineOf, text, type XmlNode } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';
import { lineAt } from './xml-text';

const FILE = 'customizations.xml';

/** What customizations.xml defines, for the root-component cross-check. */
export interface CustomizationsIndex {
  entities: Set<string>;
  savedQueries: Set<string>;
  forms: Set<string>;
  /** Web resource name → id (lower case, no braces). */
  webResources: Map<string, string>;
  siteMaps: Set<string>;
  appModules: Set<string>;
  /** savedquery / systemform ids per entity (lower-case logical name), to check they are root components. */
  entityParts: { entity: string; type: 26 | 60; id: string }[];
}

const normalGuid = (g: string): string => g.replace(/[{}]/g, '').toLowerCase();

/**
 * Names and values customizations.xml owns: every custom column, key, choice and web resource carries
 * the publisher prefix; choice values start with the publisher's choice-value prefix (a value outside it
 * can collide with another publisher's option in the same org); files named by FileName exist.
 */
export function checkCustomizations(
  doc: XmlNode,
  source: string,
  files: ReadonlyMap<string, Uint8Array>,
  prefix: string,
  optionValuePrefix: number,
): { issues: ValidationIssue[]; index: CustomizationsIndex } {
  const issues: ValidationIssue[] = [];
  const at = (needle: string, message: string): void => {
    issues.push(issue(FILE, message, lineOf(source, needle)));
  };
  const index: CustomizationsIndex = {
    entities: new Set(),
    savedQueries: new Set(),
    forms: new Set(),
    webResources: new Map(),
    siteMaps: new Set(),
    appModules: new Set(),
    entityParts: [],
  };
  const root = child(doc, 'ImportExportXml');
  for (const entity of list(child(root, 'Entities', 'Entity'))) {
    const name = (text(entity['Name']) ?? '').toLowerCase();
    index.entities.add(name);
    const info = child(entity, 'EntityInfo', 'entity');
    for (const attr of list(child(info, 'attributes', 'attribute'))) {
      const physical = text(attr['@PhysicalName']) ?? '';
      if (text(attr['IsCustomField']) !== '0' && !physical.toLowerCase().startsWith(`${prefix}_`))
        at(`PhysicalName="${physical}"`, `column "${physical}" on ${name} must start with "${prefix}_"`);
      const optionset = child(attr, 'optionset');
      const setName = text(child(optionset, '@Name'));
      if (setName !== undefined && !setName.startsWith(`${prefix}_`))
        at(`Name="${setName}"`, `choice "${setName}" must start with "${prefix}_"`);
      if (text(child(optionset, 'OptionSetType')) !== 'picklist') continue;
      for (const option of list(child(optionset, 'options', 'option'))) {
        const value = Number(option['@value']);
        if (Math.floor(value / 10000) !== optionValuePrefix)
          at(
            `value="${String(option['@value'])}"`,
            `choice value ${String(option['@value'])} of ${physical} must start with the publisher's choice-value prefix ${optionValuePrefix} (e.g. ${optionValuePrefix}0000)`,
          );
      }
    }
    for (const key of list(child(info, 'EntityKeys', 'EntityKey'))) {
      const keyName = text(key['Name']) ?? '';
      if (!keyName.startsWith(`${prefix}_`))
        at(`<Name>${keyName}</Name>`, `alternate key "${keyName}" must start with "${prefix}_"`);
    }
    for (const q of list(child(entity, 'SavedQueries', 'savedqueries', 'savedquery'))) {
      const id = normalGuid(text(q['savedqueryid']) ?? '');
      index.savedQueries.add(id);
      index.entityParts.push({ entity: name, type: 26, id });
    }
    for (const forms of list(child(entity, 'FormXml', 'forms')))
      for (const form of list(forms['systemform'])) {
        const id = normalGuid(text(form['formid']) ?? '');
        index.forms.add(id);
        index.entityParts.push({ entity: name, type: 60, id });
      }
  }
  for (const wr of list(child(root, 'WebResources', 'WebResource'))) {
    const name = text(wr['Name']) ?? '';
    index.webResources.set(name, normalGuid(text(wr['WebResourceId']) ?? ''));
    if (!name.startsWith(`${prefix}_`))
      at(`<Name>${name}</Name>`, `web resource "${name}" must start with "${prefix}_"`);
  }
  for (const sm of list(child(root, 'AppModuleSiteMaps', 'AppModuleSiteMap')))
    index.siteMaps.add(text(sm['SiteMapUniqueName']) ?? '');
  for (const app of list(child(root, 'AppModules', 'AppModule')))
    index.appModules.add(text(app['UniqueName']) ?? '');
  for (const m of source.matchAll(/<(FileName|JsonFileName|XamlFileName)>([^<]+)<\/\1>/g)) {
    const target = (m[2] ?? '').replace(/^\//, '');
    if (!files.has(target)) at(m[0], `<${m[1]}> points at "${m[2]}", which is not in the package`);
  }
  issues.push(...checkUniqueGuids(source));
  return { issues, index };
}

/** Ids that define a component (views, forms, web resources, form tabs/sections/cells) must be unique. */
export function checkUniqueGuids(source: string): ValidationIssue[] {
  const seen = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  const patterns = [
    /<(savedqueryid|formid)>\s*(\{?[0-9a-fA-F-]{36}\}?)\s*</g,
    /<WebResource>\s*<(WebResourceId)>\s*(\{?[0-9a-fA-F-]{36}\}?)\s*</g,
    /<(tab|section|cell)\b[^>]*\sid="(\{?[0-9a-fA-F-]{36}\}?)"/g,
  ];
  for (const pattern of patterns)
    for (const m of source.matchAll(pattern)) {
      const guid = normalGuid(m[2] ?? '');
      const line = lineAt(source, m.index ?? 0);
      const first = seen.get(guid);
      if (first !== undefined)
        issues.push(
          issue(
            FILE,
            `GUID ${guid} (${m[1]}) is already used on line ${first}; every component needs its own id`,
            line,
          ),
        );
      else seen.set(guid, line);
    }
  return issues;
}

/**
 * Every root component must exist in the package, Microsoft's tables may only be shells (behavior 2 —
 * carrying a whole standard table would ship Microsoft's own columns and forms as ours), and every table,
 * view and form in customizations.xml must be reachable from a root component.
 */
export function checkRootComponents(
  roots: readonly RootComponentRef[],
  index: CustomizationsIndex,
  envVars: readonly string[],
  prefix: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (message: string): void => void issues.push(issue('solution.xml', message));
  const has = (set: Set<string>, v: string | undefined): boolean => v !== undefined && set.has(v);
  const entityRoots = new Map<string, number>();
  for (const rc of roots) {
    const name = rc.schemaName ?? rc.id ?? '';
    const id = rc.id !== undefined ? normalGuid(rc.id) : undefined;
    switch (rc.type) {
      case 1:
        entityRoots.set(name.toLowerCase(), rc.behavior);
        if (!index.entities.has(name.toLowerCase()))
          add(`root component table "${name}" has no <Entity> in customizations.xml`);
        if (!name.startsWith(`${prefix}_`) && rc.behavior !== 2)
          add(
            `Microsoft's table "${name}" must be a shell root component (behavior="2"), not behavior="${rc.behavior}"`,
          );
        break;
      case 26:
        if (!has(index.savedQueries, id))
          add(`root component view ${name} has no <savedquery> in customizations.xml`);
        break;
      case 60:
        if (!has(index.forms, id))
          add(`root component form ${name} has no <systemform> in customizations.xml`);
        break;
      case 61:
        if (!index.webResources.has(name))
          add(`root component web resource "${name}" has no <WebResource> in customizations.xml`);
        break;
      case 62:
        if (!index.siteMaps.has(name))
          add(`root component site map "${name}" has no <AppModuleSiteMap> in customizations.xml`);
        break;
      case 80:
        if (!index.appModules.has(name))
          add(`root component app "${name}" has no <AppModule> in customizations.xml`);
        break;
      case 380:
        if (!envVars.includes(name))
          add(
            `root component environment variable "${name}" has no environmentvariabledefinitions/${name}/ folder`,
          );
        break;
      default:
        add(
          `root component type ${rc.type} ("${name}") is not one the packer can check; add it to check-customizations.ts`,
        );
    }
  }
  for (const entity of index.entities)
    if (!entityRoots.has(entity))
      add(`table "${entity}" is in customizations.xml but not a root component (type="1")`);
  for (const part of index.entityParts)
    if (
      entityRoots.get(part.entity) === 2 &&
      !roots.some((r) => r.type === part.type && r.id && normalGuid(r.id) === part.id)
    )
      add(
        `${part.type === 26 ? 'view' : 'form'} {${part.id}} of shell table "${part.entity}" needs <RootComponent type="${part.type}" id="{${part.id}}" behavior="0" />`,
      );
  for (const name of envVars)
    if (!roots.some((r) => r.type === 380 && r.schemaName === name))
      add(
        `environment variable "${name}" needs <RootComponent type="380" schemaName="${name}" behavior="0" />`,
      );
  return issues;
}
