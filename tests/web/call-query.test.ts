import {
  buildCallFilter,
  buildCallQuery,
  buildOrderBy,
  buildTotalsQuery,
  nextPageOptions,
  NO_FILTERS,
} from '../../webresources/src/call-log/call-query';
import { phoneSearchDigits } from '../../webresources/src/call-log/call-search';
import { containsLiteral } from '../../webresources/src/shared/odata-text';
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

  it('sorts on the server by the chosen column, newest first among equals', () => {
    expect(buildOrderBy()).toBe('actualstart desc');
    expect(buildOrderBy({ key: 'when', descending: false })).toBe('actualstart asc');
    expect(buildOrderBy({ key: 'talk', descending: true })).toBe('ringo_talkseconds desc,actualstart desc');
    expect(buildOrderBy({ key: 'phone', descending: false })).toBe('phonenumber asc,actualstart desc');
    expect(buildCallQuery({ ...NO_FILTERS, sort: { key: 'result', descending: false } })).toMatch(
      /&\$orderby=ringo_callresult asc,actualstart desc$/,
    );
  });

  it('searches a number by the digits that sit together in the stored E.164 number', () => {
    expect(buildCallFilter({ ...NO_FILTERS, search: { kind: 'phone', digits: '671112233' } })).toBe(
      "ringo_callid ne null and contains(phonenumber,'671112233')",
    );
    expect(() => buildCallFilter({ ...NO_FILTERS, search: { kind: 'phone', digits: "1') or (1" } })).toThrow(
      /phone search must be digits/,
    );
  });

  it('searches a name through the matching contacts, and matches nothing when none matched', () => {
    expect(
      buildCallFilter({
        ...NO_FILTERS,
        search: { kind: 'contacts', ids: [CONTACT, CONTACT.replace('3f', '4f')] },
      }),
    ).toBe(
      `ringo_callid ne null and (_regardingobjectid_value eq ${CONTACT} or _regardingobjectid_value eq ${CONTACT.replace('3f', '4f')})`,
    );
    expect(buildCallFilter({ ...NO_FILTERS, search: { kind: 'contacts', ids: [] } })).toBe(
      'ringo_callid ne null and activityid eq null',
    );
  });

  it('totals read the direction too, to tell missed from not answered', () => {
    expect(buildTotalsQuery(NO_FILTERS)).toBe(
      '?$select=activityid,directioncode,ringo_callresult,ringo_talkseconds&$filter=ringo_callid ne null',
    );
  });

  it('totals count answered, missed and talk time', () => {
    const totals = addToTotals(EMPTY_TOTALS, [
      { directioncode: false, ringo_callresult: 107350000, ringo_talkseconds: 80 },
      { directioncode: false, ringo_callresult: 107350001, ringo_talkseconds: 0 },
      { directioncode: true, ringo_callresult: 107350001, ringo_talkseconds: 0 },
      { directioncode: true, ringo_callresult: 107350000, ringo_talkseconds: 40 },
    ]);
    expect(totals).toEqual({
      count: 4,
      answered: 2,
      missed: 1,
      notAnswered: 1,
      talkSeconds: 120,
      truncated: false,
    });
  });
});

describe('the search box', () => {
  it.each([
    ['067 111 22 33', '671112233'],
    ['+380 (67) 111-22-33', '380671112233'],
    ['380671112233', '380671112233'],
    ['8 067 111 22 33', '671112233'],
    ['00380671112233', '380671112233'],
    ['0671112233', '671112233'],
    ['111 22', '11122'],
    ['8 916 123-45-67', '9161234567'],
  ])('reads the number "%s" as the digits %s', (typed, digits) => {
    expect(phoneSearchDigits(typed)).toBe(digits);
  });

  it.each(['Марія', 'Maria 2', 'a', '12', "O'Neil"])('does not take "%s" for a number', (typed) => {
    expect(phoneSearchDigits(typed)).toBeNull();
  });

  it('puts a name into contains() as an escaped, URL-encoded OData string without SQL wildcards', () => {
    expect(decodeURIComponent(containsLiteral(" O'Neil ")).toString()).toBe("O''Neil");
    expect(containsLiteral('100%_[x]')).toBe('100%20x');
    expect(containsLiteral('Марія & Co')).toBe(encodeURIComponent('Марія & Co'));
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
