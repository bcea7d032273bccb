import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { findKnownFalseAlarm, KNOWN_FALSE_ALARMS } from './known-false-alarms';

/** One message from schema validation, pointing into the file. */
export interface XsdFinding {
  file: string;
  line?: number;
  message: string;
}

export interface XsdResult {
  errors: XsdFinding[];
  /** Messages matched by the known-false-alarm list, each with its reason. */
  falseAlarms: (XsdFinding & { reason: string })[];
}

/** The schema set itself failed to load or compile: a defect in the packer, not in the solution. */
export class SchemaSetError extends Error {
  override readonly name = 'SchemaSetError';
}

export const SCHEMA_DIR = join(__dirname, 'schemas');
const INCLUDED = [
  'isv.config.xsd',
  'SiteMapType.xsd',
  'FormXml.xsd',
  'Fetch.xsd',
  'RibbonCore.xsd',
  'RibbonTypes.xsd',
  'RibbonWSS.xsd',
];

let schemaSet: Promise<{ main: string; preload: { fileName: string; contents: string }[] }> | undefined;

function loadSchemaSet(): NonNullable<typeof schemaSet> {
  schemaSet ??= (async () => ({
    main: await readFile(join(SCHEMA_DIR, 'CustomizationsSolution.xsd'), 'utf8'),
    preload: await Promise.all(
      INCLUDED.map(async (fileName) => ({
        fileName,
        contents: await readFile(join(SCHEMA_DIR, fileName), 'utf8'),
      })),
    ),
  }))();
  return schemaSet;
}

/** Removes every occurrence of an element, keeping line breaks so later line numbers stay right. */
export function stripElement(xml: string, element: string): string {
  const keepLines = (m: string): string => m.replace(/[^\n]/g, '');
  return xml
    .replace(new RegExp(`<${element}(\\s[^>]*)?/>`, 'g'), keepLines)
    .replace(new RegExp(`<${element}(\\s[^>]*)?>[\\s\\S]*?</${element}>`, 'g'), keepLines);
}

async function runXmllint(file: string, xml: string): Promise<XsdFinding[]> {
  const schemas = await loadSchemaSet();
  let result;
  try {
    result = await validateXML({
      xml: [{ fileName: file, contents: xml }],
      schema: [{ fileName: 'CustomizationsSolution.xsd', contents: schemas.main }],
      preload: schemas.preload,
      maxMemoryPages: 4096,
    });
  } catch (e) {
    throw new SchemaSetError(
      `xmllint could not run the Dataverse schema set from ${SCHEMA_DIR}: ${(e as Error).message}`,
    );
  }
  return result.errors.map((e) => ({
    file,
    ...(e.loc?.lineNumber !== undefined ? { line: e.loc.lineNumber } : {}),
    message: e.message.trim(),
  }));
}

/**
 * Validates a customizations.xml (entities, forms, views, site map, web resources …) against
 * CustomizationsSolution.xsd and the schemas it includes. Known false alarms are separated out with
 * their reason; the elements behind "not expected" alarms are stripped and the file validated again,
 * so nothing after them escapes checking.
 */
export async function validateCustomizationsXml(file: string, xml: string): Promise<XsdResult> {
  const result: XsdResult = { errors: [], falseAlarms: [] };
  const stripped = new Set<string>();
  let current = stripGroupsUpFront(file, xml, result);
  for (let round = 0; round < 10; round++) {
    const toStrip = new Set<string>();
    for (const finding of await runXmllint(file, current)) {
      const alarm = findKnownFalseAlarm(finding.message);
      if (!alarm) result.errors.push(finding);
      else {
        result.falseAlarms.push({ ...finding, reason: alarm.reason });
        for (const element of alarm.group ?? (alarm.element ? [alarm.element] : []))
          if (!stripped.has(element)) toStrip.add(element);
      }
    }
    if (toStrip.size === 0 || result.errors.length > 0) break;
    for (const element of toStrip) {
      stripped.add(element);
      current = stripElement(current, element);
    }
  }
  return dedupe(result);
}

/**
 * Elements exports write together in one parent (an app's statecode, statuscode …; a site map's ShowHome …)
 * are stripped before the first run, each listed as a false alarm at its line: otherwise libxml2 reports
 * them one per run and the file is validated once for each (a second of packing each, under load).
 */
function stripGroupsUpFront(file: string, xml: string, result: XsdResult): string {
  let current = xml;
  for (const alarm of KNOWN_FALSE_ALARMS) {
    const { element, parent } = alarm;
    if (!alarm.group || !element || !parent) continue;
    const block = new RegExp(`<${parent}>[\\s\\S]*?</${parent}>`, 'g');
    const start = new RegExp(`<${element}[\\s/>]`, 'g');
    let found = false;
    for (const m of xml.matchAll(block))
      for (const inner of m[0].matchAll(start)) {
        found = true;
        result.falseAlarms.push({
          file,
          line: xml.slice(0, (m.index ?? 0) + (inner.index ?? 0)).split('\n').length,
          message: `Element '${element}': not in the 2018 schema (stripped before validation)`,
          reason: alarm.reason,
        });
      }
    if (found) current = current.replace(block, (inside) => stripElement(inside, element));
  }
  return current;
}

function dedupe(result: XsdResult): XsdResult {
  const seen = new Set<string>();
  const key = (f: XsdFinding): string => `${f.line ?? ''}|${f.message}`;
  return {
    errors: result.errors.filter((f) => !seen.has(key(f)) && seen.add(key(f))),
    falseAlarms: result.falseAlarms.filter((f) => !seen.has(key(f)) && seen.add(key(f))),
  };
}
