import { badRequest, notImplemented } from '../errors';
import { parseFilter, type FilterExpr } from './filter';

/** System query options of one collection or expanded navigation property. */
export interface QueryOptions {
  select?: string[];
  filter?: FilterExpr;
  orderby?: Array<{ prop: string; desc: boolean }>;
  top?: number;
  count?: boolean;
  expand?: ExpandItem[];
}
export interface ExpandItem {
  nav: string;
  options: QueryOptions;
}

const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$count', '$expand']);

/** Splits on `sep` outside parentheses and quotes. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Reads options from `name=value` pairs (URL query string or `;`-separated nested expand options). */
export function parseQueryOptions(pairs: Array<[string, string]>, nested = false): QueryOptions {
  const options: QueryOptions = {};
  for (const [name, value] of pairs) {
    // fetchXml, savedQuery, userQuery and @parameter aliases are Web API features the emulator lacks.
    if (!name.startsWith('$')) throw notImplemented(`the query parameter '${name}'`);
    if (!SUPPORTED.has(name)) {
      if (name === '$skip') throw badRequest('The query parameter $skip is not supported.', '0x80060888');
      if (name === '$skiptoken' || name === '$deltatoken') continue;
      throw notImplemented(`the query option '${name}'`);
    }
    if (name === '$select')
      options.select = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (name === '$filter') options.filter = parseFilter(value);
    else if (name === '$top') {
      if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for $top query option.`);
      options.top = Number(value);
    } else if (name === '$count') options.count = value === 'true';
    else if (name === '$orderby')
      options.orderby = value.split(',').map((part) => {
        const [prop = '', dir = 'asc'] = part.trim().split(/\s+/);
        if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid $orderby direction '${dir}'.`);
        return { prop, desc: dir === 'desc' };
      });
    else if (name === '$expand') {
      if (nested) throw notImplemented('nested $expand inside $expand');
      options.expand = splitTopLevel(value, ',').map(parseExpandItem);
    }
  }
  return options;
}

function parseExpandItem(text: string): ExpandItem {
  const m = /^([\w.]+)(?:\((.*)\))?$/s.exec(text);
  if (!m || !m[1]) throw badRequest(`Invalid $expand item '${text}'.`);
  const inner = m[2] ?? '';
  const pairs = splitTopLevel(inner, ';').map((p): [string, string] => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq).trim(), p.slice(eq + 1)];
  });
  return { nav: m[1], options: parseQueryOptions(pairs, true) };
}

/** URLSearchParams decodes '+' as space, which OData does not; read the raw query instead. */
export function queryPairs(url: URL): Array<[string, string]> {
  const raw = url.search.replace(/^\?/, '');
  if (!raw) return [];
  return raw.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    return [name, value];
  });
}
