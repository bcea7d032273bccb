import { badRequest, notImplemented } from '../errors';

/**
 * OData `$filter` as Dataverse accepts it (Learn: webapi/query/filter-rows.md): comparison operators,
 * and/or/not, parentheses, contains/startswith/endswith, null, guids, numbers, booleans, datetimes and
 * strings with '' escapes. Anything else (lambda operators, Microsoft.Dynamics.CRM.* query functions,
 * navigation paths) answers 501 so a test never passes on a silently wrong result.
 */
export type Literal = string | number | boolean | null;
export type Operand = { kind: 'prop'; name: string } | { kind: 'lit'; value: Literal; type: LiteralType };
type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'guid' | 'datetime';
export const Comparisons = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
type Comparison = (typeof Comparisons)[number];
export const TextFunctions = ['contains', 'startswith', 'endswith'] as const;
type TextFunction = (typeof TextFunctions)[number];

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'cmp'; op: Comparison; left: Operand; right: Operand }
  | { kind: 'fn'; name: TextFunction; prop: string; value: string }
  | { kind: 'bool'; prop: string };

type Token =
  { t: 'lit'; value: Literal; type: LiteralType } | { t: 'id'; v: string } | { t: '(' | ')' | ',' };

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![\w-])|(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)(?![\w-])|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_$@][\w./$@]*)|([(),]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw badRequest(`Syntax error at position ${at} in '$filter=${text}'.`, '0x80060888');
    const [, str, guid, date, num, id, punct] = m;
    if (str !== undefined)
      tokens.push({ t: 'lit', value: str.slice(1, -1).replace(/''/g, "'"), type: 'string' });
    else if (guid !== undefined) tokens.push({ t: 'lit', value: guid.toLowerCase(), type: 'guid' });
    else if (date !== undefined) tokens.push({ t: 'lit', value: date, type: 'datetime' });
    else if (num !== undefined) tokens.push({ t: 'lit', value: Number(num), type: 'number' });
    else if (id === 'true' || id === 'false')
      tokens.push({ t: 'lit', value: id === 'true', type: 'boolean' });
    else if (id === 'null') tokens.push({ t: 'lit', value: null, type: 'null' });
    else if (id !== undefined) tokens.push({ t: 'id', v: id });
    else tokens.push({ t: punct as '(' | ')' | ',' });
  }
  return tokens;
}

export function parseFilter(text: string): FilterExpr {
  const queryFunction = /Microsoft\.Dynamics\.CRM\.\w+/.exec(text);
  if (queryFunction) throw notImplemented(`the query function '${queryFunction[0]}' in $filter`);
  const lambda = /\/(any|all)\(/.exec(text);
  if (lambda) throw notImplemented(`the lambda operator '${lambda[1]}' in $filter`);
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const fail = (why: string) => badRequest(`Invalid $filter '${text}': ${why}.`, '0x80060888');
  const expect = (t: '(' | ')' | ',') => {
    if (peek()?.t !== t) throw fail(`expected '${t}'`);
    i++;
  };
  const isWord = (w: string) => {
    const tok = peek();
    return tok?.t === 'id' && tok.v === w;
  };

  const orExpr = (): FilterExpr => {
    let left = andExpr();
    while (isWord('or')) {
      i++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): FilterExpr => {
    let left = unary();
    while (isWord('and')) {
      i++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): FilterExpr => {
    if (isWord('not')) {
      i++;
      return { kind: 'not', expr: unary() };
    }
    return primary();
  };
  const operand = (): Operand => {
    const tok = tokens[i++];
    if (!tok) throw fail('unexpected end');
    if (tok.t === 'lit') return { kind: 'lit', value: tok.value, type: tok.type };
    if (tok.t === 'id') return { kind: 'prop', name: checkProperty(tok.v) };
    throw fail(`unexpected '${tok.t}'`);
  };
  const primary = (): FilterExpr => {
    const tok = peek();
    if (tok?.t === '(') {
      i++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (tok?.t === 'id' && tokens[i + 1]?.t === '(') {
      const name = tok.v;
      if (!(TextFunctions as readonly string[]).includes(name))
        throw notImplemented(`the $filter function '${name}'`);
      i += 2;
      const prop = operand();
      expect(',');
      const value = operand();
      expect(')');
      if (prop.kind !== 'prop' || value.kind !== 'lit' || typeof value.value !== 'string')
        throw fail(`${name}() takes a column and a string literal`);
      return { kind: 'fn', name: name as TextFunction, prop: prop.name, value: value.value };
    }
    const left = operand();
    const op = peek();
    if (op?.t === 'id' && (Comparisons as readonly string[]).includes(op.v)) {
      i++;
      return { kind: 'cmp', op: op.v as Comparison, left, right: operand() };
    }
    if (op?.t === 'id' && ['has', 'in', 'add', 'sub', 'mul', 'div', 'mod'].includes(op.v))
      throw notImplemented(`the $filter operator '${op.v}'`);
    if (left.kind === 'prop') return { kind: 'bool', prop: left.name };
    throw fail('expected a comparison');
  };

  const expr = orExpr();
  if (i !== tokens.length) throw fail('unexpected trailing text');
  return expr;
}

function checkProperty(name: string): string {
  if (name.includes('/')) throw notImplemented(`$filter on the navigation path '${name}'`);
  if (name.startsWith('Microsoft.Dynamics.CRM.')) throw notImplemented(`the query function '${name}'`);
  return name;
}

/** Evaluates a parsed filter; `read` returns a property's value or throws for an unknown property. */
export function matches(expr: FilterExpr, read: (prop: string) => unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, read) && matches(expr.right, read);
    case 'or':
      return matches(expr.left, read) || matches(expr.right, read);
    case 'not':
      return !matches(expr.expr, read);
    case 'bool':
      return read(expr.prop) === true;
    case 'fn': {
      const v = read(expr.prop);
      if (typeof v !== 'string') return false;
      // Dataverse compares text case-insensitively (SQL collation of the org).
      const hay = v.toLowerCase();
      const needle = expr.value.toLowerCase();
      if (expr.name === 'contains') return hay.includes(needle);
      return expr.name === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
    }
    case 'cmp': {
      const a = value(expr.left, read);
      const b = value(expr.right, read);
      if (a === null || b === null) {
        if (expr.op === 'eq') return a === b;
        if (expr.op === 'ne') return a !== b;
        return false;
      }
      const c = compareValues(a, b);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[expr.op];
    }
  }
}

function value(op: Operand, read: (prop: string) => unknown): Literal {
  if (op.kind === 'lit') return op.value;
  const v = read(op.name);
  return v === undefined ? null : (v as Literal);
}

/** Orders two stored values: numbers, booleans, ISO datetimes, and case-insensitive text. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}/.test(s);
  if (isDate(sa) && isDate(sb)) return Date.parse(sa) - Date.parse(sb);
  const la = sa.toLowerCase();
  const lb = sb.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}
