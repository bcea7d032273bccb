import { maskPhone, maskPhonesIn, maskPhonesInJson } from '../../../webhook-receiver/src/domain/mask-phone';

/** The one phone mask (docs/adr/0084): phone numbers hidden, GUIDs, ids, dates and counts untouched. */
describe('maskPhone', () => {
  test.each([
    ['+380501234567', '+380*****4567'],
    ['380441112233', '380*****2233'],
    ['0501234567', '050***4567'],
    ['%2B380501234567', '+380*****4567'],
    ['8%20067%20111%2022%2033', '806****2233'],
    ['123-45-67', '*****67'],
    ['101', '***'],
    ['+380*****4567', '+380*****4567'],
  ])('%s → %s', (raw, masked) => expect(maskPhone(raw)).toBe(masked));
});

describe('maskPhonesIn: free text', () => {
  test.each([
    ['contact for +380501234567 (call 42) created', 'contact for +380*****4567 (call 42) created'],
    ["telephone1 eq '050 123 45 67'", "telephone1 eq '050***4567'"],
    ['+380 (50) 123-45-67 called', '+380*****4567 called'],
    ['?caller=380501234567&dst=%2B380441112233', '?caller=380*****4567&dst=+380*****2233'],
    ['x=050+123+4567', 'x=050***4567'],
    ['local 123-45-67', 'local *****67'],
    ['caller=8%20067%20111%2022%2033&x', 'caller=806****2233&x'],
    ['caller=%2B380%20(67)%20111-22-33', 'caller=+380*****2233'],
  ])('masks %s', (text, masked) => expect(maskPhonesIn(text)).toBe(masked));

  test.each([
    'contact 049f766c-3294-4209-bd0e-ac5053650d4a updated',
    'record 12345678-1234-1234-1234-123456789012',
    'call ua18_-1791545397.2215926 logged',
    'at 2026-03-02 14:05:11 and 2026-03-02T14:05:11.000Z',
    'body of 1200000 bytes is over the 1048576-byte limit',
    'listening on http://127.0.0.1:53211',
    'epoch 1640989006505487',
    'inbox 42 attempts 3 retry in 15000 ms',
  ])('leaves %s alone', (text) => expect(maskPhonesIn(text)).toBe(text));
});

describe('maskPhonesInJson: one log line', () => {
  const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

  test('phone keys are masked whole, also as numbers; ids and times are kept; the JSON stays valid', () => {
    const masked = maskPhonesInJson(
      line({
        level: 30,
        time: 1796286586694,
        callId: '1640989006',
        inboxId: 12,
        contactid: '049f766c-3294-4209-bd0e-ac5053650d4a',
        caller: 380501234567,
        dst: '380441112233',
        phones: ['+380501234567', '0441112233'],
        msg: 'from 0501234567 "quoted \\" 0671112233"',
        err: { message: 'Dataverse: no contact with telephone1 380931112233' },
      }),
    );
    expect(JSON.parse(masked)).toEqual({
      level: 30,
      time: 1796286586694,
      callId: '1640989006',
      inboxId: 12,
      contactid: '049f766c-3294-4209-bd0e-ac5053650d4a',
      caller: '380*****4567',
      dst: '380*****2233',
      phones: ['+380*****4567', '044***2233'],
      msg: 'from 050***4567 "quoted \\" 067***2233"',
      err: { message: 'Dataverse: no contact with telephone1 380*****2233' },
    });
    expect(masked.endsWith('\n')).toBe(true);
  });

  test('a SIP caller with no digits stays readable', () => {
    const record = { caller: '"Іван Петренко" <companyname_manager1>' };
    expect(JSON.parse(maskPhonesInJson(line(record)))).toEqual(record);
  });
});
