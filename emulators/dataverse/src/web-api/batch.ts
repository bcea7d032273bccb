import { badRequest } from '../errors';
import type { Organization } from '../organization';
import type { EntityRef } from '../store/row-store';
import { resolveRecordUrl } from './addressing';
import { API_PATH, type ApiRequest, type ApiResult } from './api-types';
import { executeRequest } from './execute-request';
import { parsePrefer } from './prefer';
import { faultResult } from './fault-result';

/**
 * `$batch` (Learn: webapi/execute-batch-operations-using-web-api.md): multipart/mixed with CRLF, change sets
 * run atomically (ExecuteTransaction), `Content-ID` references (`$1`) in URLs and @odata.bind values,
 * GET not allowed inside a change set, at most 1000 requests, and `Prefer: odata.continue-on-error`.
 */
export interface HttpPart {
  contentId?: string;
  method: string;
  url: string;
  headers: Map<string, string>;
  body: string;
}
export type BatchItem = { kind: 'request'; part: HttpPart } | { kind: 'changeset'; parts: HttpPart[] };

export function executeBatch(
  org: Organization,
  req: ApiRequest,
  rawBody: string,
  newId: () => string,
): { result: ApiResult; text: string; parts: number } {
  const items = readBatch(req.headers.get('content-type'), rawBody);
  const parts = items.reduce((n, i) => n + (i.kind === 'changeset' ? i.parts.length : 1), 0);
  if (parts > 1000) throw badRequest('The number of requests in a batch cannot exceed 1000.', '0x8005f103');
  const continueOnError = parsePrefer(req.headers.get('prefer')).continueOnError;
  const out: string[] = [];
  const responseBoundary = `batchresponse_${newId()}`;
  let failure: ApiResult | undefined;
  for (const item of items) {
    if (item.kind === 'request') {
      const result = runPart(org, req.url, item.part, new Map());
      out.push(httpPart(result, item.part.contentId));
      if (result.status >= 400) failure ??= result;
    } else {
      const csBoundary = `changesetresponse_${newId()}`;
      const refs = new Map<string, EntityRef & { set: string }>();
      const results: Array<{ result: ApiResult; contentId: string | undefined }> = [];
      let failed: ApiResult | undefined;
      try {
        org.store.transaction(() => {
          for (const part of item.parts) {
            if (part.method === 'GET') throw badRequest('GET requests are not allowed inside a change set.');
            const result = runPart(org, req.url, part, refs);
            if (result.status >= 400) {
              failed = result;
              throw new Error('rollback');
            }
            results.push({ result, contentId: part.contentId });
          }
        });
      } catch (e) {
        failed ??= faultResult(e, org.language);
      }
      if (failed) {
        // A failed change set answers with the one error; everything in it was rolled back.
        out.push(httpPart(failed, undefined));
        failure ??= failed;
      } else {
        const inner = results.map((r) => `--${csBoundary}\r\n${httpPart(r.result, r.contentId)}`).join('');
        out.push(
          `Content-Type: multipart/mixed; boundary=${csBoundary}\r\n\r\n${inner}--${csBoundary}--\r\n`,
        );
      }
    }
    if (failure && !continueOnError) break;
  }
  const text = out.map((p) => `--${responseBoundary}\r\n${p}`).join('') + `--${responseBoundary}--\r\n`;
  const status = failure && !continueOnError ? failure.status : 200;
  return {
    result: { status, headers: { 'Content-Type': `multipart/mixed; boundary=${responseBoundary}` } },
    text,
    parts,
  };
}

/** The items of a $batch body: single requests and change sets of requests. */
export function readBatch(contentType: string | undefined, rawBody: string): BatchItem[] {
  return splitParts(rawBody, boundaryOf(contentType)).map(readItem);
}

/** The requests of a $batch body in order, each with the index of its change set (0: none). */
export function batchRequests(
  contentType: string | undefined,
  rawBody: string,
): Array<HttpPart & { changeset: number }> {
  let changeset = 0;
  return readBatch(contentType, rawBody).flatMap((item) =>
    item.kind === 'request'
      ? [{ ...item.part, changeset: 0 }]
      : ((changeset += 1), item.parts.map((part) => ({ ...part, changeset }))),
  );
}

function runPart(
  org: Organization,
  batchUrl: URL,
  part: HttpPart,
  refs: Map<string, EntityRef & { set: string }>,
): ApiResult {
  try {
    const url = resolvePartUrl(batchUrl, part.url, refs);
    let body: unknown = undefined;
    if (part.body.trim()) {
      try {
        body = JSON.parse(part.body);
      } catch {
        throw badRequest('The request body of a batch part is not valid JSON.');
      }
    }
    const resolve = (ref: string): EntityRef => {
      if (ref.startsWith('$')) {
        const found = refs.get(ref.slice(1));
        if (!found) throw badRequest(`Content-ID Reference: '${ref}' does not exist in the batch context.`);
        return { entity: found.entity, id: found.id };
      }
      return resolveRecordUrl(org, ref);
    };
    const result = executeRequest(org, { method: part.method, url, headers: part.headers, body }, resolve);
    const entityId = result.headers['OData-EntityId'];
    if (part.contentId && entityId) {
      const m = /\/([^/(]+)\(([^)]+)\)$/.exec(entityId);
      const meta = m?.[1] ? org.schema.bySet(m[1]) : undefined;
      if (m?.[2] && meta) refs.set(part.contentId, { entity: meta.logicalName, id: m[2], set: m[1] ?? '' });
    }
    return result;
  } catch (e) {
    return faultResult(e, org.language);
  }
}

function resolvePartUrl(batchUrl: URL, raw: string, refs: Map<string, EntityRef & { set: string }>): URL {
  const ref = /^\$(\w+)(\/.*)?$/.exec(raw);
  if (ref) {
    const found = refs.get(ref[1] ?? '');
    if (!found) throw badRequest(`Content-ID Reference: '$${ref[1]}' does not exist in the batch context.`);
    return new URL(`${batchUrl.origin}${API_PATH}${found.set}(${found.id})${ref[2] ?? ''}`);
  }
  if (/^https?:\/\//.test(raw)) return new URL(raw);
  if (raw.startsWith('/')) return new URL(`${batchUrl.origin}${raw}`);
  return new URL(`${batchUrl.origin}${API_PATH}${raw}`);
}

function boundaryOf(contentType: string | undefined): string {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  if (!m?.[1] || !/^multipart\/mixed/i.test(contentType ?? ''))
    throw badRequest('A $batch request needs Content-Type: multipart/mixed; boundary=…');
  return m[1];
}

function splitParts(body: string, boundary: string): string[] {
  const text = body.replace(/\r\n/g, '\n');
  const end = text.indexOf(`--${boundary}--`);
  if (end < 0) throw badRequest(`The batch body does not end with --${boundary}--.`);
  return text
    .slice(0, end)
    .split(`--${boundary}\n`)
    .slice(1)
    .map((p) => p.replace(/\n$/, ''));
}

function readHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function readItem(raw: string): BatchItem {
  const split = raw.indexOf('\n\n');
  const headers = readHeaders(split < 0 ? raw : raw.slice(0, split));
  const content = split < 0 ? '' : raw.slice(split + 2);
  const type = headers.get('content-type') ?? '';
  if (/^multipart\/mixed/i.test(type)) {
    const parts = splitParts(content, boundaryOf(type)).map((p) => readRequest(p));
    return { kind: 'changeset', parts };
  }
  const part = readRequest(raw);
  return { kind: 'request', part };
}

function readRequest(raw: string): HttpPart {
  const split = raw.indexOf('\n\n');
  const mime = readHeaders(split < 0 ? raw : raw.slice(0, split));
  const http = split < 0 ? '' : raw.slice(split + 2);
  const httpSplit = http.indexOf('\n\n');
  const head = httpSplit < 0 ? http : http.slice(0, httpSplit);
  const [requestLine = '', ...headerLines] = head.split('\n');
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)\s+HTTP\/1\.1$/.exec(requestLine.trim());
  if (!m?.[1] || !m[2]) throw badRequest(`Invalid request line in batch part: '${requestLine}'.`);
  const contentId = mime.get('content-id');
  return {
    method: m[1],
    url: m[2],
    headers: readHeaders(headerLines.join('\n')),
    body: httpSplit < 0 ? '' : http.slice(httpSplit + 2),
    ...(contentId === undefined ? {} : { contentId }),
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

function httpPart(result: ApiResult, contentId: string | undefined): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  const head = [`HTTP/1.1 ${result.status} ${REASONS[result.status] ?? ''}`.trim(), 'OData-Version: 4.0'];
  const entityId = result.headers['OData-EntityId'];
  if (entityId) head.push(`Location: ${entityId}`);
  for (const [k, v] of Object.entries(result.headers)) head.push(`${k}: ${v}`);
  if (result.body !== undefined) head.push('Content-Type: application/json; odata.metadata=minimal');
  const body = result.body === undefined ? '' : JSON.stringify(result.body);
  return `${lines.join('\r\n')}\r\n\r\n${head.join('\r\n')}\r\n\r\n${body}\r\n`;
}
