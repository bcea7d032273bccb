import { phoneKind, toE164 } from '../../webhook-receiver/src/domain/phone-number';

describe('toE164', () => {
  test.each([
    ['380501234567', '+380501234567'],
    ['+380501234567', '+380501234567'],
    ['0501234567', '+380501234567'],
    ['80501234567', '+380501234567'],
    ['8 050 123 45 67', '+380501234567'],
    ['(050) 123-45-67', '+380501234567'],
    ['+380 (50) 123-45-67', '+380501234567'],
    ['tel:+380-50-123-45-67', '+380501234567'],
    ['00380501234567', '+380501234567'],
    ['050 123 4567 ext. 12', '+380501234567'],
    ['0441112233', '+380441112233'],
    ['12125550100', '+12125550100'],
    ['+48 22 123 45 67', '+48221234567'],
  ])('normalises %s to %s with Ukraine as the default country', (raw, expected) => {
    expect(toE164(raw, 'UA')).toBe(expected);
  });

  test.each(['company_manager1', '', '12', 'not a number'])('gives no number for %p', (raw) => {
    expect(toE164(raw, 'UA')).toBeUndefined();
  });
});

describe('phoneKind', () => {
  test('Ukrainian mobile numbers are mobile, Kyiv landlines are not', () => {
    expect(phoneKind('+380671112233')).toBe('mobile');
    expect(phoneKind('+380441112233')).toBe('other');
  });
});
