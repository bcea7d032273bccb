import { child, list, parseXml, text, type XmlNode } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';
import { textOf } from './xml-text';

/**
 * Custom API files have no XSD; the rules come from Microsoft Learn "Create a custom API with solution
 * files" and "Custom API tables" (…/data-platform/create-custom-api-solution, custom-api-tables):
 * unique name with the publisher prefix, bindingtype 0–2, allowedcustomprocessingsteptype 0–2,
 * parameter types 0–12, parameter name `{api}.{parameter}`, and no `isoptional` on response properties
 * ("will cause an error when you try to import").
 */
const API = /^customapis\/([^/]+)\/customapi\.xml$/;
const REQUEST = /^customapis\/([^/]+)\/customapirequestparameters\/([^/]+)\/customapirequestparameter\.xml$/;
const RESPONSE =
  /^customapis\/([^/]+)\/customapiresponseproperties\/([^/]+)\/customapiresponseproperty\.xml$/;

function oneOf(
  file: string,
  node: unknown,
  element: string,
  allowed: string[],
  issues: ValidationIssue[],
): string | undefined {
  const v = text(child(node, element));
  if (v === undefined || !allowed.includes(v))
    issues.push(issue(file, `<${element}> must be one of ${allowed.join(', ')}, got "${v ?? '(missing)'}"`));
  return v;
}

function root(
  file: string,
  bytes: Uint8Array,
  element: string,
  issues: ValidationIssue[],
): XmlNode | undefined {
  const { doc, issue: bad } = parseXml(file, textOf(bytes));
  if (!doc) {
    if (bad) issues.push(bad);
    return undefined;
  }
  const node = child(doc, element);
  if (typeof node !== 'object' || node === null) {
    issues.push(issue(file, `root element must be <${element}>`));
    return undefined;
  }
  return node as XmlNode;
}

const TYPES = Array.from({ length: 13 }, (_, i) => String(i));

function checkParameter(
  file: string,
  node: XmlNode,
  api: string,
  folder: string,
  response: boolean,
  issues: ValidationIssue[],
): void {
  const unique = text(node['@uniquename']) ?? '';
  if (unique !== folder)
    issues.push(issue(file, `uniquename "${unique}" must equal its folder name "${folder}"`));
  const name = text(child(node, 'name'));
  if (name !== `${api}.${folder}`)
    issues.push(
      issue(
        file,
        `<name> must be "${api}.${folder}" (custom API name + "." + parameter), got "${name ?? ''}"`,
      ),
    );
  oneOf(file, node, 'type', TYPES, issues);
  if (response && child(node, 'isoptional') !== undefined)
    issues.push(
      issue(file, '<isoptional> is not valid on a response property; Dataverse rejects the import'),
    );
  if (!response) oneOf(file, node, 'isoptional', ['0', '1'], issues);
  if (list(child(node, 'displayname', 'label')).length === 0)
    issues.push(issue(file, 'missing <displayname> with a <label>'));
}

export function checkCustomApis(files: ReadonlyMap<string, Uint8Array>, prefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const apis = new Set<string>();
  for (const [file, bytes] of files) {
    const m = API.exec(file);
    if (!m) continue;
    const folder = m[1] ?? '';
    apis.add(folder);
    const api = root(file, bytes, 'customapi', issues);
    if (!api) continue;
    const unique = text(api['@uniquename']) ?? '';
    if (unique !== folder)
      issues.push(issue(file, `uniquename "${unique}" must equal its folder name "${folder}"`));
    if (!unique.startsWith(`${prefix}_`))
      issues.push(issue(file, `uniquename "${unique}" must start with "${prefix}_"`));
    if (text(child(api, 'name')) !== unique)
      issues.push(issue(file, `<name> must equal the uniquename "${unique}"`));
    const binding = oneOf(file, api, 'bindingtype', ['0', '1', '2'], issues);
    if ((binding === '1' || binding === '2') && !text(child(api, 'boundentitylogicalname')))
      issues.push(issue(file, 'a bound custom API needs <boundentitylogicalname>'));
    oneOf(file, api, 'allowedcustomprocessingsteptype', ['0', '1', '2'], issues);
    oneOf(file, api, 'isfunction', ['0', '1'], issues);
    oneOf(file, api, 'isprivate', ['0', '1'], issues);
    if (child(api, 'plugintypeid') === undefined)
      issues.push(issue(file, 'missing <plugintypeid /> (empty when the API has no plug-in)'));
    if (list(child(api, 'displayname', 'label')).length === 0)
      issues.push(issue(file, 'missing <displayname> with a <label>'));
  }
  for (const [file, bytes] of files) {
    if (!file.startsWith('customapis/') || API.test(file)) continue;
    const req = REQUEST.exec(file);
    const res = RESPONSE.exec(file);
    const m = req ?? res;
    if (!m) {
      issues.push(
        issue(
          file,
          'unexpected file under customapis/ (expected customapi.xml, customapirequestparameters/…, customapiresponseproperties/…)',
        ),
      );
      continue;
    }
    const [, api = '', folder = ''] = m;
    if (!apis.has(api))
      issues.push(issue(file, `belongs to custom API "${api}", which has no customapi.xml`));
    const node = root(file, bytes, req ? 'customapirequestparameter' : 'customapiresponseproperty', issues);
    if (node) checkParameter(file, node, api, folder, res !== null, issues);
  }
  return issues;
}
