import type { RootComponentRef } from './check-manifest';
import { child, lineOf, list, text, type XmlNode } from './parse-xml';
import { issue, type ValidationIssue } from './validation-issue';
import { textOf } from './xml-text';

/**
 * `<Languages>` at the end of customizations.xml lists the languages of the solution's labels — a real
 * export lists every language its labels use (`<Languages><Language>1033</Language></Languages>` in the
 * AlAI export of shared/reference). A label in a language that is not listed is an omission in the source
 * (Ukrainian 1058 labels, Russian 1049 ones): this check names the missing `<Language>` lines.
 */
export function checkLanguages(
  files: ReadonlyMap<string, Uint8Array>,
  customizations: XmlNode,
): ValidationIssue[] {
  const listed = new Set(
    list(child(customizations, 'ImportExportXml', 'Languages')).flatMap((languages) => {
      const value = languages['Language'];
      return (Array.isArray(value) ? value : [value]).map((v) => text(v) ?? '').filter(Boolean);
    }),
  );
  const used = new Map<string, string>();
  for (const [path, bytes] of files) {
    if (!path.endsWith('.xml')) continue;
    for (const m of textOf(bytes).matchAll(/\blanguagecode="(\d+)"/g)) {
      const code = m[1] ?? '';
      if (!used.has(code)) used.set(code, path);
    }
  }
  const issues: ValidationIssue[] = [];
  const source = textOf(files.get('customizations.xml') ?? new Uint8Array());
  for (const [code, path] of used)
    if (!listed.has(code))
      issues.push(
        issue(
          'customizations.xml',
          `labels in language ${code} (first in ${path}) need <Language>${code}</Language> in <Languages>`,
          lineOf(source, '<Languages'),
        ),
      );
  return issues;
}

/** What a shell table's `<entity>` may carry: its columns and keys, never table properties. */
const SHELL_PARTS = new Set(['@Name', 'attributes', 'EntityKeys']);

/**
 * A Microsoft table the solution only extends is a shell root component (behavior 2, "Include As Shell
 * Only" — reference/entities/solutioncomponent). Real exports of a shell carry its columns and keys but
 * no table properties such as `<ChangeTrackingEnabled>`: a property in a shell is either ignored by import
 * or turns into a change of Microsoft's table that no export would make (docs/adr/0093).
 */
export function checkShellTables(
  customizations: XmlNode,
  source: string,
  roots: readonly RootComponentRef[],
): ValidationIssue[] {
  const shells = new Set(
    roots.filter((r) => r.type === 1 && r.behavior === 2).map((r) => (r.schemaName ?? '').toLowerCase()),
  );
  const issues: ValidationIssue[] = [];
  for (const entity of list(child(customizations, 'ImportExportXml', 'Entities', 'Entity'))) {
    const name = (text(entity['Name']) ?? '').toLowerCase();
    if (!shells.has(name)) continue;
    for (const info of list(child(entity, 'EntityInfo', 'entity')))
      for (const part of Object.keys(info))
        if (!SHELL_PARTS.has(part))
          issues.push(
            issue(
              'customizations.xml',
              `<${part}> in the shell table ${name}: a behavior-2 root component carries columns and keys only, not table properties`,
              lineOf(source, `<${part}>`),
            ),
          );
  }
  return issues;
}
