import { DataverseFault, badRequest } from '../errors';
import type { EntityMeta } from '../metadata/metadata-types';
import { parseQueryOptions, queryPairs, type QueryOptions } from '../odata/query-options';
import { contextUrl } from '../odata/context-url';
import { candidateRows } from '../odata/filter-candidates';
import { selectRows, viewRow } from '../odata/row-view';
import type { Organization } from '../organization';
import { isoSeconds } from '../organization';
import { API_PATH, jsonResult, type ApiRequest, type ApiResult } from './api-types';
import { PREFERENCE, preferenceApplied, type Preferences } from './prefer';

/** Learn page-results.md: at most 5,000 rows per page; default 5,000. */
const MAX_PAGE = 5000;
/** Learn use-change-tracking…: tokens are valid for 7 days (organization.ExpireChangeTrackingInDays). */
const TOKEN_DAYS = 7;

export function readCollection(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  prefs: Preferences,
): ApiResult {
  const pairs = queryPairs(req.url);
  const options = parseQueryOptions(pairs);
  const deltaToken = pairs.find(([n]) => n === '$deltatoken')?.[1];
  if (prefs.trackChanges || deltaToken !== undefined)
    return readChanges(org, meta, req, options, prefs, deltaToken);
  const context = contextUrl(`${req.url.origin}${API_PATH}`, meta.entitySetName, options, 'collection');
  let rows = selectRows(meta, candidateRows(org, meta, options.filter), options);
  const count = rows.length;
  // page-results.md: "Max page size requests larger than 5,000 are ignored".
  const honoured = prefs.maxPageSize !== undefined && prefs.maxPageSize > 0 && prefs.maxPageSize <= MAX_PAGE;
  const pageSize = honoured ? (prefs.maxPageSize ?? MAX_PAGE) : MAX_PAGE;
  // notes §5 (page-results.md): $top is ignored when combined with odata.maxpagesize.
  if (options.top !== undefined && !honoured) rows = rows.slice(0, options.top);
  const skipToken = pairs.find(([n]) => n === '$skiptoken')?.[1];
  const page = skipToken ? pageFromToken(skipToken) : 1;
  const start = (page - 1) * pageSize;
  const slice = rows.slice(start, start + pageSize);
  const body: Record<string, unknown> = { '@odata.context': context };
  if (options.count) body['@odata.count'] = count;
  body.value = slice.map((r) => viewRow(org, meta, r, options, prefs));
  if (start + pageSize < rows.length)
    body['@odata.nextLink'] = withParam(req.url, '$skiptoken', pageToken(page + 1));
  const applied = [PREFERENCE.annotations, ...(honoured ? [PREFERENCE.maxPageSize] : [])];
  return jsonResult(200, body, preferenceApplied(prefs, applied));
}

/** Paging cookie shaped like Dataverse's (`<cookie pagenumber="2" … />`); opaque to clients. */
function pageToken(page: number): string {
  return `<cookie pagenumber="${page}" istracking="False" />`;
}
function pageFromToken(token: string): number {
  const m = /pagenumber="(\d+)"/.exec(token);
  if (!m) throw badRequest(`The $skiptoken '${token}' is not valid; follow @odata.nextLink unmodified.`);
  return Number(m[1]);
}

/** The same URL with query parameter `name` replaced (or removed when `value` is undefined). */
function withParam(url: URL, name: string, value: string | undefined): string {
  const kept = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p && !p.startsWith(`${name}=`) && !p.startsWith(`${encodeURIComponent(name)}=`));
  if (value !== undefined) kept.push(`${name}=${encodeURIComponent(value)}`);
  return `${url.origin}${url.pathname}${kept.length ? `?${kept.join('&')}` : ''}`;
}

/**
 * Change tracking (Learn: use-change-tracking-synchronize-data-external-systems.md): the first call returns
 * all rows and a deltaLink; the deltaLink returns rows changed since, then `$deletedEntity` rows. Pages
 * (odata.maxpagesize) share one watermark carried in the skiptoken; the deltaLink comes with the last page.
 */
function readChanges(
  org: Organization,
  meta: EntityMeta,
  req: ApiRequest,
  options: QueryOptions,
  prefs: Preferences,
  deltaToken: string | undefined,
): ApiResult {
  for (const [option, present] of [
    ['filter', options.filter],
    ['orderby', options.orderby],
    ['expand', options.expand],
    ['top', options.top],
  ] as const)
    if (present !== undefined)
      throw badRequest(`The "$${option}" query parameter isn't supported when Change Tracking is enabled.`);
  if (!meta.changeTracking)
    throw badRequest(
      `Change tracking is not enabled for entity '${meta.logicalName}' (EntityMetadata.ChangeTrackingEnabled).`,
    );
  const since = deltaToken === undefined ? undefined : tokenVersion(org, deltaToken);
  const skipToken = queryPairs(req.url).find(([n]) => n === '$skiptoken')?.[1];
  const page = skipToken ? pageFromToken(skipToken) : 1;
  const watermark = skipToken ? Number(/watermark="(\d+)"/.exec(skipToken)?.[1]) : org.store.currentVersion();
  if (!Number.isFinite(watermark))
    throw badRequest(`The $skiptoken '${skipToken}' is not valid; follow @odata.nextLink unmodified.`);
  const inWindow = (v: number) => (since === undefined || v > since) && v <= watermark;
  const base = `${req.url.origin}${API_PATH}$metadata#${meta.entitySetName}`;
  const changed: unknown[] = org.store
    .all(meta.logicalName)
    .filter((r) => inWindow(Number(r.versionnumber)))
    .sort((a, b) => Number(a.versionnumber) - Number(b.versionnumber))
    .map((r) => viewRow(org, meta, r, options, prefs));
  if (since !== undefined)
    for (const stone of org.store.tombstones(meta.logicalName))
      if (inWindow(stone.version))
        changed.push({ '@odata.context': `${base}/$deletedEntity`, id: stone.id, reason: 'deleted' });
  const size = prefs.maxPageSize && prefs.maxPageSize <= MAX_PAGE ? prefs.maxPageSize : MAX_PAGE;
  const start = (page - 1) * size;
  const select = options.select ? `(${options.select.join(',')})` : '';
  const body: Record<string, unknown> = {
    '@odata.context': since === undefined ? `${base}${select}` : `${base}${select}/$delta`,
    value: changed.slice(start, start + size),
  };
  if (start + size < changed.length)
    body['@odata.nextLink'] = withParam(
      req.url,
      '$skiptoken',
      `<cookie pagenumber="${page + 1}" istracking="True" watermark="${watermark}" />`,
    );
  else {
    const deltaUrl = new URL(withParam(req.url, '$skiptoken', undefined));
    body['@odata.deltaLink'] = withParam(deltaUrl, '$deltatoken', `${watermark}!${isoSeconds(org.now())}`);
  }
  const applied = [
    PREFERENCE.trackChanges,
    PREFERENCE.annotations,
    ...(prefs.maxPageSize === size ? [PREFERENCE.maxPageSize] : []),
  ];
  return jsonResult(200, body, preferenceApplied(prefs, applied));
}

function tokenVersion(org: Organization, token: string): number {
  const m = /^(\d+)!(.+)$/.exec(token);
  const version = m ? Number(m[1]) : NaN;
  const issued = m?.[2] ? Date.parse(m[2]) : NaN;
  const expired = issued < org.now().getTime() - TOKEN_DAYS * 86_400_000;
  if (!m || Number.isNaN(issued) || version > org.store.currentVersion() || expired)
    // data-service-errors.md ExpiredVersionStamp: the client must run a full sync again.
    throw new DataverseFault(
      400,
      '0x80044352',
      'Version stamp associated with the client has expired. Please perform a full sync.',
    );
  return version;
}
