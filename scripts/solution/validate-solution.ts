import { checkAppModules } from './check-app-modules';
import { checkCustomApis } from './check-custom-apis';
import { checkCustomizations, checkRootComponents } from './check-customizations';
import { checkEnvironmentVariables } from './check-env-vars';
import { checkLanguages, checkShellTables } from './check-languages';
import { checkManifest } from './check-manifest';
import { checkPackageLayout } from './check-package-layout';
import { checkWebResourceReferences } from './check-web-resource-references';
import type { PacConfig } from './pac-config';
import { parseXml } from './parse-xml';
import type { ValidationIssue, ValidationReport } from './validation-issue';
import { textOf } from './xml-text';
import { validateCustomizationsXml } from './xsd-validation';

/**
 * Checks a composed package (zip path → bytes) before it is zipped: every XML file is well-formed;
 * customizations.xml (with its forms, views, site map) passes Microsoft's XSDs apart from listed false
 * alarms; solution.xml, environment variables and custom APIs pass structural checks; names carry the
 * prefix; ids are unique; root components, FileName targets and content types all line up; the app
 * module lists only what the package holds; every label language is listed in <Languages>; shell tables
 * carry no table properties.
 */
export async function validateSolution(
  files: ReadonlyMap<string, Uint8Array>,
  config: PacConfig,
): Promise<ValidationReport> {
  const prefix = config.publisher.prefix;
  const issues: ValidationIssue[] = [];
  const parsed = new Map<string, ReturnType<typeof parseXml>>();
  for (const [path, bytes] of files) {
    if (!path.endsWith('.xml')) continue;
    const result = parseXml(path, textOf(bytes));
    parsed.set(path, result);
    if (result.issue) issues.push(result.issue);
  }
  issues.push(...checkPackageLayout(files));

  const customizationsText = textOf(files.get('customizations.xml') ?? new Uint8Array());
  const xsd = await validateCustomizationsXml('customizations.xml', customizationsText);
  issues.push(...xsd.errors);

  const env = checkEnvironmentVariables(files, prefix);
  issues.push(...env.issues, ...checkCustomApis(files, prefix));

  const manifestDoc = parsed.get('solution.xml')?.doc;
  const customizationsDoc = parsed.get('customizations.xml')?.doc;
  if (manifestDoc && customizationsDoc) {
    const manifest = checkManifest(manifestDoc, config);
    const customizations = checkCustomizations(
      customizationsDoc,
      customizationsText,
      files,
      prefix,
      config.publisher.optionValuePrefix,
    );
    issues.push(...manifest.issues, ...customizations.issues);
    issues.push(...checkRootComponents(manifest.roots, customizations.index, env.schemaNames, prefix));
    issues.push(...checkWebResourceReferences(customizationsText, customizations.index.webResources, prefix));
    issues.push(...checkAppModules(customizationsDoc, customizationsText, customizations.index, prefix));
    issues.push(...checkLanguages(files, customizationsDoc));
    issues.push(...checkShellTables(customizationsDoc, customizationsText, manifest.roots));
  } else if (!files.has('solution.xml') || !files.has('customizations.xml')) {
    issues.push({
      file: 'solution.xml',
      message: 'the package needs both solution.xml and customizations.xml',
    });
  }
  return { ok: issues.length === 0, issues, falseAlarms: xsd.falseAlarms };
}
