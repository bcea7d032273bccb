import { matches, parseFilter } from '../../../emulators/dataverse/src/odata/filter';

const row: Record<string, unknown> = {
  lastname: "O'Neil",
  mobilephone: '+380671234567',
  age: 41,
  isdisabled: false,
  actualstart: '2024-05-01T10:00:00Z',
  _ownerid_value: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
  emailaddress1: null,
};
const read = (p: string) => {
  if (!(p in row)) throw new Error(`unknown ${p}`);
  return row[p];
};
const holds = (filter: string) => matches(parseFilter(filter), read);

describe('$filter expressions', () => {
  test.each([
    ["lastname eq 'o''neil'", true],
    ["lastname ne 'O''Neil'", false],
    ['age gt 40 and age le 41', true],
    ['age lt 41 or age ge 42', false],
    ["not (mobilephone eq '+380671234567')", false],
    ["contains(mobilephone,'67123')", true],
    ["startswith(lastname,'o''n') and endswith(mobilephone,'567')", true],
    ['emailaddress1 eq null', true],
    ['emailaddress1 ne null', false],
    ['emailaddress1 gt 3', false],
    ['isdisabled eq false', true],
    ['_ownerid_value eq 6F9619FF-8B86-D011-B42D-00C04FC964FF', true],
    ['actualstart ge 2024-05-01T09:59:59Z and actualstart lt 2024-05-02', true],
    ["(age eq 1 or age eq 41) and (lastname eq 'x' or contains(lastname,'neil'))", true],
  ])('%s → %s', (filter, expected) => {
    expect(holds(filter)).toBe(expected);
  });

  test('an unknown property is reported by the reader, not silently false', () => {
    expect(() => holds("nickname eq 'x'")).toThrow('unknown nickname');
  });

  test.each([
    [
      "Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)",
      'Microsoft.Dynamics.CRM.LastXDays',
    ],
    ["parentcustomerid_contact/fullname eq 'x'", 'navigation path'],
    ["tolower(lastname) eq 'x'", "function 'tolower'"],
    ["lastname in ('a','b')", "operator 'in'"],
  ])('unsupported %s answers 501 naming it', (filter, named) => {
    expect(() => parseFilter(filter)).toThrow(
      expect.objectContaining({ status: 501, message: expect.stringContaining(named) }),
    );
  });

  test('a syntax error is a 400', () => {
    expect(() => parseFilter("lastname eq 'unterminated")).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseFilter('age eq')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
