import type { PacConfig } from './pac-config';
import { child, list, text, type XmlNode } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';

/** A `<RootComponent>` of solution.xml. Type codes: learn …/reference/entities/solutioncomponent. */
export interface RootComponentRef {
  type: number;
  schemaName?: string;
  id?: string;
  behavior: number;
}

const FILE = 'solution.xml';
const GUID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;

/**
 * solution.xml has no published XSD, so its structure is checked here: the manifest matches
 * pac.config.json (unique name, publisher, prefix, choice-value prefix), the version has four parts,
 * Managed is 0/1, and every RootComponent names a component with a valid behavior
 * (0 include subcomponents, 1 do not, 2 shell only).
 */
export function checkManifest(
  doc: XmlNode,
  config: PacConfig,
): { issues: ValidationIssue[]; roots: RootComponentRef[] } {
  const issues: ValidationIssue[] = [];
  const manifest = child(doc, 'ImportExportXml', 'SolutionManifest');
  if (manifest === undefined)
    return { issues: [issue(FILE, 'missing <ImportExportXml><SolutionManifest>')], roots: [] };
  const expect = (path: string[], wanted: string, why: string): void => {
    const got = text(child(manifest, ...path));
    if (got === undefined) issues.push(issue(FILE, `missing <${path.join('><')}> (${why})`));
    else if (got !== wanted)
      issues.push(
        issue(FILE, `<${path.join('><')}> is "${got}" but pac.config.json says "${wanted}" (${why})`),
      );
  };
  expect(['UniqueName'], config.solution.uniqueName, 'solution unique name');
  expect(['Publisher', 'UniqueName'], config.publisher.uniqueName, 'publisher unique name');
  expect(['Publisher', 'CustomizationPrefix'], config.publisher.prefix, 'publisher prefix');
  expect(
    ['Publisher', 'CustomizationOptionValuePrefix'],
    String(config.publisher.optionValuePrefix),
    'choice value prefix',
  );
  const version = text(child(manifest, 'Version')) ?? '';
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(version))
    issues.push(issue(FILE, `<Version> "${version}" must be major.minor.build.revision, e.g. 1.0.0.0`));
  const managed = text(child(manifest, 'Managed'));
  if (managed !== '0' && managed !== '1')
    issues.push(issue(FILE, `<Managed> must be 0 or 1, got "${managed ?? ''}"`));
  if (list(child(manifest, 'LocalizedNames', 'LocalizedName')).length === 0)
    issues.push(issue(FILE, 'missing <LocalizedNames><LocalizedName> (the display name admins see)'));

  const roots: RootComponentRef[] = [];
  for (const rc of list(child(manifest, 'RootComponents', 'RootComponent'))) {
    const type = Number(rc['@type']);
    const behavior = Number(rc['@behavior'] ?? '0');
    const schemaName = typeof rc['@schemaName'] === 'string' ? rc['@schemaName'] : undefined;
    const id = typeof rc['@id'] === 'string' ? rc['@id'] : undefined;
    const label = `<RootComponent type="${String(rc['@type'])}" ${schemaName ? `schemaName="${schemaName}"` : `id="${id ?? ''}"`}>`;
    if (!Number.isInteger(type)) issues.push(issue(FILE, `${label}: type must be a component type number`));
    if (![0, 1, 2].includes(behavior)) issues.push(issue(FILE, `${label}: behavior must be 0, 1 or 2`));
    if (!schemaName && !id) issues.push(issue(FILE, `${label}: needs a schemaName or an id`));
    if (id && !GUID.test(id)) issues.push(issue(FILE, `${label}: id must be a GUID in braces`));
    roots.push({ type, behavior, ...(schemaName ? { schemaName } : {}), ...(id ? { id } : {}) });
  }
  return { issues, roots };
}
