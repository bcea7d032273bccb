import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { issue, type ValidationIssue } from './validation-issue';

export type XmlNode = Record<string, unknown>;

const ALWAYS_ARRAYS = new Set([
  'RootComponent',
  'Entity',
  'attribute',
  'EntityKey',
  'AttributeName',
  'savedquery',
  'systemform',
  'forms',
  'WebResource',
  'option',
  'label',
  'AppModuleSiteMap',
  'AppModule',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

/** Parses XML, or reports why it is not well-formed (with the line). */
export function parseXml(file: string, text: string): { doc?: XmlNode; issue?: ValidationIssue } {
  const check = XMLValidator.validate(text);
  if (check !== true) return { issue: issue(file, `not well-formed XML: ${check.err.msg}`, check.err.line) };
  return { doc: parser.parse(text) as XmlNode };
}

/** Walks a path of element names; undefined when any step is missing. */
export function child(node: unknown, ...path: string[]): unknown {
  let current: unknown = node;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as XmlNode)[step];
  }
  return current;
}

export function list(value: unknown): XmlNode[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is XmlNode => typeof v === 'object' && v !== null,
  );
}

/** Text content of an element that may carry attributes. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && '#text' in value)
    return String((value as XmlNode)['#text']);
  if (typeof value === 'object' && value !== null) return '';
  return undefined;
}

/** Line of the first occurrence of `needle` in `source`, for messages. */
export function lineOf(source: string, needle: string): number | undefined {
  const at = source.indexOf(needle);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
