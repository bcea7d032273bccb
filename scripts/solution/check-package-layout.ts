import { coveredByDefault, CONTENT_TYPES_PATH } from './content-types';
import { child, list, parseXml, text } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';
import { textOf } from './xml-text';

/** Top-level places a solution zip may hold files (the zip layout of an exported solution). */
const LAYOUT = [
  /^solution\.xml$/,
  /^customizations\.xml$/,
  /^\[Content_Types\]\.xml$/,
  /^WebResources\/[^/]+$/,
  /^Workflows\/[^/]+$/,
  /^environmentvariabledefinitions\/[^/]+\/[^/]+$/,
  /^customapis\/.+\.xml$/,
];

/**
 * Every file sits where an exported solution would put it, and `[Content_Types].xml` covers every file:
 * by a `<Default Extension>` for its extension or an `<Override PartName>` of its own (real exports give
 * extension-less web resource files an Override each).
 */
export function checkPackageLayout(files: ReadonlyMap<string, Uint8Array>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const path of files.keys())
    if (!LAYOUT.some((p) => p.test(path)))
      issues.push(
        issue(
          path,
          'not part of a solution zip layout (solution.xml, customizations.xml, WebResources/, Workflows/, environmentvariabledefinitions/, customapis/)',
        ),
      );
  const bytes = files.get(CONTENT_TYPES_PATH);
  if (!bytes) return [...issues, issue(CONTENT_TYPES_PATH, 'missing: every solution zip needs it')];
  const { doc, issue: bad } = parseXml(CONTENT_TYPES_PATH, textOf(bytes));
  if (!doc) return bad ? [...issues, bad] : issues;
  const types = child(doc, 'Types');
  const defaults = list(child(types, 'Default')).map((d) => (text(d['@Extension']) ?? '').toLowerCase());
  const overrides = new Set(list(child(types, 'Override')).map((o) => text(o['@PartName']) ?? ''));
  for (const path of files.keys()) {
    if (path === CONTENT_TYPES_PATH) continue;
    if (!coveredByDefault(path, defaults) && !overrides.has(`/${path}`))
      issues.push(issue(CONTENT_TYPES_PATH, `no <Default> or <Override> covers "${path}"`));
  }
  for (const part of overrides)
    if (!files.has(part.replace(/^\//, '')))
      issues.push(
        issue(CONTENT_TYPES_PATH, `<Override PartName="${part}"> names a file that is not in the package`),
      );
  return issues;
}
