import { child, list, parseXml, text } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';
import { textOf } from './xml-text';

/** environmentvariabledefinition.type (learn …/reference/entities/environmentvariabledefinition). */
export const EnvironmentVariableType = {
  String: 100000000,
  Number: 100000001,
  Boolean: 100000002,
  Json: 100000003,
  DataSource: 100000004,
  Secret: 100000005,
} as const;

const PATH = /^environmentvariabledefinitions\/([^/]+)\/(.+)$/;
const ALLOWED_FILES = new Set(['environmentvariabledefinition.xml', 'environmentvariablevalues.json']);

function checkDefault(file: string, type: number, value: string): ValidationIssue | undefined {
  if (type === EnvironmentVariableType.Number && !Number.isFinite(Number(value)))
    return issue(file, `<defaultvalue> "${value}" is not a number, but the type is Number`);
  if (
    type === EnvironmentVariableType.Boolean &&
    !['true', 'false', 'yes', 'no'].includes(value.toLowerCase())
  )
    return issue(file, `<defaultvalue> "${value}" is not true/false, but the type is Boolean`);
  if (type === EnvironmentVariableType.Json) {
    try {
      JSON.parse(value);
    } catch {
      return issue(file, `<defaultvalue> is not valid JSON, but the type is JSON`);
    }
  }
  return undefined;
}

/**
 * No XSD exists for environment variable definitions, so the shape of Microsoft's exports is checked
 * (coe-starter-kit admin_CompanyName, ParseListDataSourceInfo export): schemaname = folder name and
 * carries the prefix, a display name, a known type, 0/1 flags, and a default value that fits the type.
 */
export function checkEnvironmentVariables(
  files: ReadonlyMap<string, Uint8Array>,
  prefix: string,
): {
  issues: ValidationIssue[];
  schemaNames: string[];
} {
  const issues: ValidationIssue[] = [];
  const schemaNames: string[] = [];
  for (const [file, bytes] of files) {
    const m = PATH.exec(file);
    if (!m) continue;
    const [, folder = '', rest = ''] = m;
    if (!ALLOWED_FILES.has(rest)) {
      issues.push(issue(file, 'unexpected file in an environment variable folder'));
      continue;
    }
    if (rest !== 'environmentvariabledefinition.xml') continue;
    const { doc, issue: bad } = parseXml(file, textOf(bytes));
    if (!doc) {
      if (bad) issues.push(bad);
      continue;
    }
    const def = child(doc, 'environmentvariabledefinition');
    if (typeof def !== 'object' || def === null) {
      issues.push(issue(file, 'root element must be <environmentvariabledefinition>'));
      continue;
    }
    const schemaName = text(child(def, '@schemaname')) ?? '';
    schemaNames.push(schemaName);
    if (schemaName !== folder)
      issues.push(issue(file, `schemaname "${schemaName}" must equal its folder name "${folder}"`));
    if (!schemaName.startsWith(`${prefix}_`))
      issues.push(issue(file, `schemaname "${schemaName}" must start with "${prefix}_"`));
    if (list(child(def, 'displayname', 'label')).length === 0)
      issues.push(issue(file, 'missing <displayname> with a <label>'));
    const type = Number(text(child(def, 'type')));
    if (!(Object.values(EnvironmentVariableType) as number[]).includes(type))
      issues.push(issue(file, `<type> must be one of ${Object.values(EnvironmentVariableType).join(', ')}`));
    for (const flag of ['iscustomizable', 'isrequired', 'secretstore']) {
      const v = text(child(def, flag));
      if (v !== '0' && v !== '1') issues.push(issue(file, `<${flag}> must be 0 or 1`));
    }
    if (!text(child(def, 'introducedversion'))) issues.push(issue(file, 'missing <introducedversion>'));
    const dv = text(child(def, 'defaultvalue'));
    const wrong = dv !== undefined ? checkDefault(file, type, dv) : undefined;
    if (wrong) issues.push(wrong);
  }
  return { issues, schemaNames };
}
