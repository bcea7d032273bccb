import type { CustomizationsIndex } from './check-customizations';
import { child, list, lineOf, text, type XmlNode } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';

const FILE = 'customizations.xml';
const normalGuid = (g: string): string => g.replace(/[{}]/g, '').trim().toLowerCase();

/**
 * A model-driven app (`<AppModule>`) only works when what it lists exists: every table, view (26) and form
 * (60) it names is in this package, its site map (62) is an `<AppModuleSiteMap>` here, and every table a
 * site map sub-area opens is one of the app's tables (otherwise the area shows an empty, broken entry).
 * Layout copied from a real export (ApolloHospitalProject 1.0.0.4, customizations.xml `<AppModules>`).
 * The site map's `$webresource:` links are checked with the other web resource references.
 */
export function checkAppModules(
  doc: XmlNode,
  source: string,
  index: CustomizationsIndex,
  prefix: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const root = child(doc, 'ImportExportXml');
  const at = (needle: string, message: string): void => {
    issues.push(issue(FILE, message, lineOf(source, needle)));
  };
  const siteMapTables = new Map<string, string[]>();
  for (const siteMap of list(child(root, 'AppModuleSiteMaps', 'AppModuleSiteMap'))) {
    const name = text(siteMap['SiteMapUniqueName']) ?? '';
    if (!name.startsWith(`${prefix}_`))
      at(`<SiteMapUniqueName>${name}<`, `site map "${name}" must start with "${prefix}_"`);
    const tables: string[] = [];
    for (const area of list(child(siteMap, 'SiteMap', 'Area')))
      for (const group of list(area['Group']))
        for (const subArea of list(group['SubArea'])) {
          const entity = text(subArea['@Entity']);
          if (entity) tables.push(entity.toLowerCase());
        }
    siteMapTables.set(name, tables);
  }
  for (const app of list(child(root, 'AppModules', 'AppModule'))) {
    const name = text(app['UniqueName']) ?? '';
    if (!name.startsWith(`${prefix}_`))
      at(`<UniqueName>${name}<`, `app "${name}" must start with "${prefix}_"`);
    const components = list(child(app, 'AppModuleComponents', 'AppModuleComponent'));
    const tables = new Set<string>();
    let siteMap: string | undefined;
    for (const component of components) {
      const type = Number(component['@type']);
      const schemaName = text(component['@schemaName']) ?? '';
      const id = normalGuid(text(component['@id']) ?? '');
      if (type === 1) {
        tables.add(schemaName.toLowerCase());
        if (!index.entities.has(schemaName.toLowerCase()))
          at(
            `schemaName="${schemaName}"`,
            `app "${name}" lists table "${schemaName}", which is not in the package`,
          );
      } else if (type === 26 && !index.savedQueries.has(id))
        at(
          `id="${String(component['@id'])}"`,
          `app "${name}" lists view {${id}}, which is not in the package`,
        );
      else if (type === 60 && !index.forms.has(id))
        at(
          `id="${String(component['@id'])}"`,
          `app "${name}" lists form {${id}}, which is not in the package`,
        );
      else if (type === 62) {
        siteMap = schemaName;
        if (!index.siteMaps.has(schemaName))
          at(
            `schemaName="${schemaName}"`,
            `app "${name}" uses site map "${schemaName}", which is not in the package`,
          );
      }
    }
    if (siteMap === undefined)
      at(`<UniqueName>${name}<`, `app "${name}" has no site map (AppModuleComponent type="62")`);
    for (const table of siteMapTables.get(siteMap ?? '') ?? [])
      if (!tables.has(table))
        at(
          `Entity="${table}"`,
          `site map "${siteMap ?? ''}" opens table "${table}", which app "${name}" does not list (AppModuleComponent type="1")`,
        );
  }
  return issues;
}
