import {
  buildCallFilter,
  buildCallQuery,
  localDayToIso,
  nextPageOptions,
  NO_FILTERS,
} from '../../webresources/src/call-log/call-query';
import { addToTotals, EMPTY_TOTALS } from '../../webresources/src/call-log/call-totals';
import { parseCallLogParams } from '../../webresources/src/call-log/page-params';

const CONTACT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('call log queries', () => {
  it('shows only Ringostat calls, newest first, when no filter is set', () => {
    expect(buildCallFilter(NO_FILTERS)).toBe('ringo_callid ne null');
    expect(buildCallQuery(NO_FILTERS)).toMatch(/&\$orderby=actualstart desc$/);
  });

  it('combines every filter with and', () => {
    const filter = buildCallFilter({
      direction: 'incoming',
      result: 'missed',
      fromIso: '2026-03-01T00:00:00Z',
      toIso: '2026-03-02T00:00:00Z',
      ownerId: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}',
      contactId: CONTACT,
    });
    expect(filter).toBe(
      `ringo_callid ne null and _regardingobjectid_value eq ${CONTACT} and directioncode eq false and ` +
        'ringo_callresult eq 107350001 and actualstart ge 2026-03-01T00:00:00Z and actualstart lt 2026-03-02T00:00:00Z and ' +
        '_ownerid_value eq aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    );
  });

  it('outgoing calls are directioncode true', () => {
    expect(buildCallFilter({ ...NO_FILTERS, direction: 'outgoing', result: 'answered' })).toBe(
      'ringo_callid ne null and directioncode eq true and ringo_callresult eq 107350000',
    );
  });

  it('refuses an id that is not a GUID instead of putting it into the filter', () => {
    expect(() => buildCallFilter({ ...NO_FILTERS, contactId: "x' or 1 eq 1" })).toThrow(
      /contact id must be a GUID/,
    );
  });

  it('the next page uses the query part of @odata.nextLink', () => {
    expect(nextPageOptions('https://org/api/data/v9.2/phonecalls?$select=a&$skiptoken=%3Ccookie%3E')).toBe(
      '?$select=a&$skiptoken=%3Ccookie%3E',
    );
    expect(() => nextPageOptions('https://org/x')).toThrow(/no query part/);
  });

  it('a local day becomes its local midnight in UTC (TZ=UTC in tests)', () => {
    expect(localDayToIso('2026-03-02')).toBe('2026-03-02T00:00:00Z');
    expect(localDayToIso('2026-03-31', true)).toBe('2026-04-01T00:00:00Z');
    expect(localDayToIso('')).toBeNull();
  });

  it('totals count answered, missed and talk time', () => {
    const totals = addToTotals(EMPTY_TOTALS, [
      { ringo_callresult: 107350000, ringo_talkseconds: 80 },
      { ringo_callresult: 107350001, ringo_talkseconds: 0 },
      { ringo_callresult: 107350000, ringo_talkseconds: 40 },
    ]);
    expect(totals).toEqual({ count: 3, answered: 2, missed: 1, talkSeconds: 120, truncated: false });
  });
});

describe('how the call log is opened', () => {
  it('from the contact form with record parameters', () => {
    expect(parseCallLogParams(`?id=%7B${CONTACT.toUpperCase()}%7D&typename=contact`)).toEqual({
      contactId: CONTACT,
      unsavedContact: false,
      pageSize: 25,
    });
  });

  it('from navigateTo with data', () => {
    const search = `?data=${encodeURIComponent(`contactid=${CONTACT}&pageSize=500`)}`;
    expect(parseCallLogParams(search)).toEqual({ contactId: CONTACT, unsavedContact: false, pageSize: 500 });
  });

  it('as the call journal, with the page size capped', () => {
    expect(parseCallLogParams('?pageSize=9000')).toEqual({
      contactId: null,
      unsavedContact: false,
      pageSize: 500,
    });
  });

  it('on a contact that is not saved yet', () => {
    expect(parseCallLogParams('?typename=contact').unsavedContact).toBe(true);
  });
});
