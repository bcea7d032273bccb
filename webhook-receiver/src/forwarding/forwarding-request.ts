import type { IncomingHttpHeaders } from 'node:http';
import { flattenParams } from '../ringostat/flatten-params';
import { unwrapJsonRpc, type JsonRpcId } from './json-rpc-envelope';

/**
 * Reads Ringostat's "webhook forwarding number" request (docs/adr/0130-webhook-forwarding-number-contract.md).
 * Known (help articles 6475030, 6325129): data submission type `http` (parameters in the URL), `json`
 * (a key/value object in a POST body) or `json-rpc`; the admin adds the call parameters. Assumed: the
 * caller's number comes as `caller` (the key the admin is told to use). Every deviation from what the
 * product expects is named in `unexpected`, counted and shown to the admin, and the request is still read
 * as leniently as possible. Pure.
 */
export const FORWARDING_FORMATS = ['http', 'json', 'json-rpc'] as const;
export type ForwardingFormat = (typeof FORWARDING_FORMATS)[number];

export const UNEXPECTED_SHAPES = [
  'invalid_json',
  'json_not_object',
  'unsupported_body',
  'json_rpc_envelope',
  'no_caller',
  'caller_under_other_key',
  'caller_in_header',
  'bad_answer_parameter',
  'bad_field_parameter',
] as const;
export type UnexpectedShape = (typeof UNEXPECTED_SHAPES)[number];

export interface ForwardingRequest {
  /** How the parameters arrived. */
  format: ForwardingFormat;
  /** How to answer: `?answer=` when given (Ringostat's "Data import type"), else like the request. */
  answer: ForwardingFormat;
  /** JSON key of the destination: `?field=` (Ringostat's "Name in response for destination"), default `destination`. */
  field: string;
  /** The JSON-RPC id to echo (null when there was none). */
  rpcId: JsonRpcId;
  /** The caller's number as sent (not normalised). */
  caller?: string;
  /** `uniqueid`, when the admin added it: matches the after-call webhook of the same call. */
  callId?: string;
  /** Parameter names seen (never values), for the admin view of unexpected requests. */
  keys: string[];
  unexpected: UnexpectedShape[];
}

export interface RawForwardingRequest {
  /** The query string without the leading `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body?: Buffer | undefined;
}

/** `caller` is the contract; the others are names a Ringostat set-up might plausibly use instead. */
const CALLER_KEYS = ['caller', 'caller_number', 'callerid', 'caller_id', 'from', 'phone', 'client_number'];
/** Parameters of the URL that belong to the receiver, not to the call. */
const OWN_KEYS = new Set(['token', 'answer', 'field']);
const FIELD = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_KEYS = 40;

export function readForwardingRequest(raw: RawForwardingRequest): ForwardingRequest {
  const unexpected = new Set<UnexpectedShape>();
  const query = new URLSearchParams(raw.query);
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) if (!OWN_KEYS.has(key) && key !== '__proto__') params[key] = value;

  let format: ForwardingFormat = 'http';
  let rpcId: JsonRpcId = null;
  const body = raw.body && raw.body.length > 0 ? raw.body.toString('utf8') : '';
  const mediaType = String(raw.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (body.trim() !== '') {
    if (mediaType === 'application/x-www-form-urlencoded') {
      for (const [key, value] of new URLSearchParams(body)) if (key !== '__proto__') params[key] = value;
    } else if (mediaType?.includes('json') || body.trimStart().startsWith('{')) {
      const decoded = decodeJson(body);
      if (typeof decoded === 'string') unexpected.add(decoded);
      else {
        const rpc = unwrapJsonRpc(decoded);
        if (rpc && rpc.problems.length > 0) unexpected.add('json_rpc_envelope');
        format = rpc ? 'json-rpc' : 'json';
        rpcId = rpc?.id ?? null;
        for (const [key, value] of Object.entries(rpc ? rpc.params : decoded)) {
          if (key !== '__proto__') params[key] = value;
        }
      }
    } else unexpected.add('unsupported_body');
  }

  const flat = flattenParams(params);
  const caller = findCaller(flat, raw.headers, unexpected);
  const callId = text(flat.uniqueid, 100);
  const answer = answerFormat(query.get('answer'), format, unexpected);
  const fieldParam = query.get('field');
  if (fieldParam !== null && !FIELD.test(fieldParam)) unexpected.add('bad_field_parameter');
  return {
    format,
    answer,
    field: fieldParam !== null && FIELD.test(fieldParam) ? fieldParam : 'destination',
    rpcId,
    ...(caller !== undefined ? { caller } : {}),
    ...(callId !== undefined ? { callId } : {}),
    keys: Object.keys(flat)
      .slice(0, MAX_KEYS)
      .map((k) => k.slice(0, 64)),
    unexpected: [...unexpected],
  };
}

function decodeJson(body: string): Record<string, unknown> | UnexpectedShape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'invalid_json';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : 'json_not_object';
}

function findCaller(
  params: Record<string, unknown>,
  headers: IncomingHttpHeaders,
  unexpected: Set<UnexpectedShape>,
): string | undefined {
  for (const key of CALLER_KEYS) {
    const value = text(params[key], 64);
    if (value === undefined) continue;
    if (key !== 'caller') unexpected.add('caller_under_other_key');
    return value;
  }
  // One help text says the call parameters may come "in HTTP headers" (articles 6475030, 6325129).
  for (const key of CALLER_KEYS) {
    const value = text(headers[key] ?? headers[`x-${key}`], 64);
    if (value === undefined) continue;
    unexpected.add('caller_in_header');
    return value;
  }
  unexpected.add('no_caller');
  return undefined;
}

function answerFormat(
  given: string | null,
  format: ForwardingFormat,
  unexpected: Set<UnexpectedShape>,
): ForwardingFormat {
  if (given === null) return format;
  const value = given.toLowerCase().replace('jsonrpc', 'json-rpc');
  if ((FORWARDING_FORMATS as readonly string[]).includes(value)) return value as ForwardingFormat;
  unexpected.add('bad_answer_parameter');
  return format;
}

/** A short string or number, trimmed; anything longer than `max` is not a value this endpoint uses. */
function text(value: unknown, max: number): string | undefined {
  if (Array.isArray(value)) return text(value[0], max);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed !== '' && trimmed.length <= max ? trimmed : undefined;
}
