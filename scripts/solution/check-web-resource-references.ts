import { issue, type ValidationIssue } from './validation-issue';
import { blankComments, lineAt } from './xml-text';

const FILE = 'customizations.xml';
const normalGuid = (g: string): string => g.replace(/[{}]/g, '').trim().toLowerCase();

/**
 * Forms and site maps name our web resources (form libraries, event handlers, web resource controls,
 * `$webresource:` links). Each name with our prefix must be a web resource in this package — otherwise the
 * import fails with a missing dependency — and a control's `<WebResourceId>` must be that web resource's id
 * (stableGuid of its name), or the form points at a component that does not exist.
 */
export function checkWebResourceReferences(
  xml: string,
  webResources: ReadonlyMap<string, string>,
  prefix: string,
): ValidationIssue[] {
  const source = blankComments(xml);
  const issues: ValidationIssue[] = [];
  const ours = (name: string): boolean => name.startsWith(`${prefix}_`);
  const refs: { name: string; at: number; what: string }[] = [];
  for (const m of source.matchAll(/<Library\b[^>]*\bname="([^"]+)"/g))
    refs.push({ name: m[1] ?? '', at: m.index ?? 0, what: 'form library' });
  for (const m of source.matchAll(/\blibraryName="([^"]+)"/g))
    refs.push({ name: m[1] ?? '', at: m.index ?? 0, what: 'event handler library' });
  for (const m of source.matchAll(/\$webresource:([^"?&<\s]+)/g))
    refs.push({ name: m[1] ?? '', at: m.index ?? 0, what: '$webresource: link' });
  for (const m of source.matchAll(/<Url>([^<]+)<\/Url>/g)) {
    const name = (m[1] ?? '').trim();
    const at = m.index ?? 0;
    refs.push({ name, at, what: 'web resource control' });
    const end = source.indexOf('</parameters>', at);
    const block = source.slice(at, end < 0 ? at : end);
    const idMatch = /<WebResourceId>([^<]+)<\/WebResourceId>/.exec(block);
    const expected = webResources.get(name);
    if (idMatch && expected && normalGuid(idMatch[1] ?? '') !== expected)
      issues.push(
        issue(
          FILE,
          `web resource control for "${name}" has <WebResourceId>${idMatch[1] ?? ''}; the packaged web resource's id is {${expected}} (stableGuid of its name)`,
          lineAt(source, at),
        ),
      );
  }
  for (const ref of refs)
    if (ours(ref.name) && !webResources.has(ref.name))
      issues.push(
        issue(
          FILE,
          `${ref.what} "${ref.name}" is not a web resource in this package (npm run pack builds the web resources first; if it is still missing, add it to webresources/build.ts or fix the name)`,
          lineAt(source, ref.at),
        ),
      );
  return issues;
}
