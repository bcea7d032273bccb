import { CallResult } from '../shared/call-outcome';
import { selectedColumns, type OptionalKey } from './call-columns';

/**
 * OData queries of the call log, built as pure strings so the rules are tested without a browser.
 * Only phone calls logged by Ringostat (ringo_callid set) are shown. Paging follows
 * Prefer: odata.maxpagesize + @odata.nextLink, never $skip (unsupported by Dataverse):
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 * Filters use only the documented operators and contains()
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows).
 */
export const Direction = { all: 'all', incoming: 'incoming', outgoing: 'outgoing' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];
export const ResultFilter = { all: 'all', answered: 'answered', missed: 'missed' } as const;
export type ResultFilter = (typeof ResultFilter)[keyof typeof ResultFilter];

/** Columns the journal can sort by, server-side so the order holds across pages. */
export const SORT_COLUMNS = {
  when: 'actualstart',
  direction: 'directioncode',
  phone: 'phonenumber',
  result: 'ringo_callresult',
  talk: 'ringo_talkseconds',
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;
export interface CallSort {
  readonly key: SortKey;
  readonly descending: boolean;
}
export const DEFAULT_SORT: CallSort = { key: 'when', descending: true };

/** What the search box resolved to: digits of a phone number, or the contacts whose name matched. */
export type CallSearch =
  | { readonly kind: 'phone'; readonly digits: string }
  | { readonly kind: 'contacts'; readonly ids: readonly string[] };

export interface CallFilters {
  readonly direction: Direction;
  readonly result: ResultFilter;
  /** Inclusive start, ISO 8601 UTC instant (the page converts the user's local day). */
  readonly fromIso: string | null;
  /** Exclusive end, ISO 8601 UTC instant. */
  readonly toIso: string | null;
  /** systemuser id of the owner (the employee the call is mapped to). */
  readonly ownerId: string | null;
  /** Only calls regarding this contact. */
  readonly contactId: string | null;
  readonly search?: CallSearch | null;
  readonly sort?: CallSort;
  /** Optional columns the agent shows: only these are asked for (docs/adr/0146). */
  readonly columns?: readonly OptionalKey[];
}

export const NO_FILTERS: CallFilters = {
  direction: 'all',
  result: 'all',
  fromIso: null,
  toIso: null,
  ownerId: null,
  contactId: null,
};

export const CALL_COLUMNS = [
  'activityid',
  'subject',
  'phonenumber',
  'directioncode',
  'actualstart',
  'actualend',
  'ringo_callid',
  'ringo_callresult',
  'ringo_talkseconds',
  'ringo_durationseconds',
  'ringo_recordingurl',
  'ringo_hasrecording',
  'ringo_callcardurl',
  '_regardingobjectid_value',
  '_ownerid_value',
] as const;

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A bare lower-case GUID, or an error naming the bad value (ids end up inside an OData filter). */
export function normaliseGuid(value: string, what: string): string {
  const match = GUID.exec(value.trim());
  if (!match?.[1]) throw new Error(`${what} must be a GUID, got "${value}"`);
  return match[1].toLowerCase();
}

function instant(value: string, what: string): string {
  if (!ISO_INSTANT.test(value)) throw new Error(`${what} must be an ISO 8601 UTC instant, got "${value}"`);
  return value;
}

function searchClause(search: CallSearch): string {
  if (search.kind === 'phone') {
    if (!/^\d{1,20}$/.test(search.digits))
      throw new Error(`phone search must be digits, got "${search.digits}"`);
    return `contains(phonenumber,'${search.digits}')`;
  }
  // No contact matched: a filter that matches nothing, rather than dropping the condition.
  if (search.ids.length === 0) return 'activityid eq null';
  const ids = search.ids.map((id) => `_regardingobjectid_value eq ${normaliseGuid(id, 'contact id')}`);
  return `(${ids.join(' or ')})`;
}

export function buildCallFilter(filters: CallFilters): string {
  const clauses = ['ringo_callid ne null'];
  if (filters.contactId)
    clauses.push(`_regardingobjectid_value eq ${normaliseGuid(filters.contactId, 'contact id')}`);
  // directioncode: true = Outgoing, false = Incoming (phonecall table reference).
  if (filters.direction === 'incoming') clauses.push('directioncode eq false');
  if (filters.direction === 'outgoing') clauses.push('directioncode eq true');
  if (filters.result === 'answered') clauses.push(`ringo_callresult eq ${CallResult.answered}`);
  if (filters.result === 'missed') clauses.push(`ringo_callresult eq ${CallResult.missed}`);
  if (filters.fromIso) clauses.push(`actualstart ge ${instant(filters.fromIso, 'from')}`);
  if (filters.toIso) clauses.push(`actualstart lt ${instant(filters.toIso, 'to')}`);
  if (filters.ownerId) clauses.push(`_ownerid_value eq ${normaliseGuid(filters.ownerId, 'employee id')}`);
  if (filters.search) clauses.push(searchClause(filters.search));
  return clauses.join(' and ');
}

/** $orderby for a sort; ties (same direction, same result …) fall back to newest first. */
export function buildOrderBy(sort: CallSort = DEFAULT_SORT): string {
  const column = SORT_COLUMNS[sort.key];
  const first = `${column} ${sort.descending ? 'desc' : 'asc'}`;
  return column === 'actualstart' ? first : `${first},actualstart desc`;
}

/**
 * First page of calls in the chosen order (newest first by default). $select names the journal's own
 * columns plus only the optional columns shown, so hidden attribution (up to 2 × 1,000 characters a call)
 * is never downloaded and an org whose solution predates those columns still opens the journal.
 */
export function buildCallQuery(filters: CallFilters): string {
  const select = [...CALL_COLUMNS, ...selectedColumns(filters.columns ?? [])];
  return `?$select=${select.join(',')}&$filter=${buildCallFilter(filters)}&$orderby=${buildOrderBy(filters.sort)}`;
}

/** The minimum columns the totals need. */
export function buildTotalsQuery(filters: CallFilters): string {
  return `?$select=activityid,directioncode,ringo_callresult,ringo_talkseconds&$filter=${buildCallFilter(filters)}`;
}

/**
 * Xrm.WebApi.retrieveMultipleRecords takes the query part of a nextLink as the options of the next call:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrievemultiplerecords
 */
export function nextPageOptions(nextLink: string): string {
  const at = nextLink.indexOf('?');
  if (at < 0) throw new Error(`nextLink has no query part: ${nextLink}`);
  return nextLink.slice(at);
}
