import { CallResult } from '../shared/recording-state';

/**
 * OData queries of the call log, built as pure strings so the rules are tested without a browser.
 * Only phone calls logged by Ringostat (ringo_callid set) are shown. Paging follows
 * Prefer: odata.maxpagesize + @odata.nextLink, never $skip (unsupported by Dataverse):
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
export const Direction = { all: 'all', incoming: 'incoming', outgoing: 'outgoing' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];
export const ResultFilter = { all: 'all', answered: 'answered', missed: 'missed' } as const;
export type ResultFilter = (typeof ResultFilter)[keyof typeof ResultFilter];

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
  'ringo_callresult',
  'ringo_talkseconds',
  'ringo_durationseconds',
  'ringo_recordingurl',
  'ringo_callcardurl',
  'ringo_employeename',
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
  return clauses.join(' and ');
}

/** First page of calls, newest first. */
export function buildCallQuery(filters: CallFilters): string {
  return `?$select=${CALL_COLUMNS.join(',')}&$filter=${buildCallFilter(filters)}&$orderby=actualstart desc`;
}

/** The minimum columns the totals need. */
export function buildTotalsQuery(filters: CallFilters): string {
  return `?$select=activityid,ringo_callresult,ringo_talkseconds&$filter=${buildCallFilter(filters)}`;
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

/** A local calendar day (yyyy-mm-dd) as the UTC instant of its local midnight; `dayAfter` for an exclusive end. */
export function localDayToIso(day: string, dayAfter = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (dayAfter ? 1 : 0));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
