import { maskPhone, maskPhonesIn } from '../../../webhook-receiver/src/domain/mask-phone';
import { phoneCallIdFor } from '../../../webhook-receiver/src/domain/phone-call-id';
import { pickContact } from '../../../webhook-receiver/src/domain/pick-contact';
import { storedPhoneForms } from '../../../webhook-receiver/src/domain/stored-phone-forms';

const candidate = (contactid: string, statecode: number, modifiedon: string) => ({
  contactid,
  statecode,
  modifiedon,
});

describe('pickContact', () => {
  it('returns nothing for no candidates', () => {
    expect(pickContact([])).toBeUndefined();
  });

  it('prefers an active contact over a more recently modified inactive one', () => {
    const pick = pickContact([
      candidate('b', 1, '2026-03-01T00:00:00Z'),
      candidate('a', 0, '2025-01-01T00:00:00Z'),
    ]);
    expect(pick).toEqual({
      contact: expect.objectContaining({ contactid: 'a' }),
      ambiguous: true,
      candidates: 2,
    });
  });

  it('among active contacts takes the most recently modified', () => {
    const pick = pickContact([
      candidate('old', 0, '2025-01-01T00:00:00Z'),
      candidate('new', 0, '2026-01-01T00:00:00Z'),
    ]);
    expect(pick?.contact.contactid).toBe('new');
  });

  it('is deterministic whatever the order: the id breaks a tie, duplicates count once', () => {
    const a = candidate('aaa', 0, '2026-01-01T00:00:00Z');
    const b = candidate('bbb', 0, '2026-01-01T00:00:00Z');
    expect(pickContact([a, b])?.contact.contactid).toBe('aaa');
    expect(pickContact([b, a])?.contact.contactid).toBe('aaa');
    expect(pickContact([a, { ...a, contactid: 'AAA' }])).toMatchObject({ ambiguous: false, candidates: 1 });
  });
});

describe('phoneCallIdFor', () => {
  it('gives one call id always the same version-5 UUID and different calls different ones', () => {
    const id = phoneCallIdFor('ua18_-1791545397.2215926');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(phoneCallIdFor('ua18_-1791545397.2215926')).toBe(id);
    expect(phoneCallIdFor('ua18_-1791545397.2215927')).not.toBe(id);
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('+380501234567')).toBe('+380*****4567');
    expect(maskPhone('380441112233')).toBe('380*****2233');
    expect(maskPhone('101')).toBe('***');
  });

  it('masks numbers inside free text and leaves short numbers alone', () => {
    expect(maskPhonesIn('contact for +380501234567 (call 42) created')).toBe(
      'contact for +380*****4567 (call 42) created',
    );
  });
});

describe('storedPhoneForms', () => {
  it('lists the spellings CRM users commonly store', () => {
    expect(storedPhoneForms('+380501234567')).toEqual([
      '+380501234567',
      '380501234567',
      '0501234567',
      '+380 50 123 4567',
      '050 123 4567',
    ]);
  });
});
