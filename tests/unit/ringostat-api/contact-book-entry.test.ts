import {
  contactRecordUrl,
  entryHash,
  toContactBookEntry,
  type ContactBookSettings,
} from '../../../webhook-receiver/src/ringostat-api/contact-book-entry';

const settings: ContactBookSettings = {
  crmUrl: 'https://contoso.crm4.dynamics.com/',
  projectId: 11111,
  defaultCountry: 'UA',
  origin: 'Smart CRM',
};

describe('Smart Phone contact-book entry for a CRM contact', () => {
  it('links to the contact record form, with the app id only when one is configured', () => {
    expect(contactRecordUrl('https://contoso.crm4.dynamics.com/', 'abc')).toBe(
      'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=abc',
    );
    expect(contactRecordUrl('https://contoso.crm4.dynamics.com', 'abc', 'app-1')).toBe(
      'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=abc&appid=app-1',
    );
  });

  it('names a nameless contact after its number and normalises every phone to E.164 once', () => {
    const entry = toContactBookEntry(
      {
        contactid: 'ABC',
        fullname: '  ',
        mobilephone: '050 123 45 67',
        telephone1: '+380501234567',
        telephone2: '044 111 22 33',
      },
      settings,
    );
    expect(entry?.fullName).toBe('+380501234567');
    expect(entry?.contactDirections).toEqual([
      { type: 'phone', name: 'mobile', value: '+380501234567' },
      { type: 'phone', name: 'home', value: '+380441112233' },
    ]);
    expect(entry?.externalId).toBe('abc');
  });

  it('sends the owner as responsible, "0" when there is none, and the e-mail as a direction', () => {
    const owned = toContactBookEntry(
      {
        contactid: 'a',
        fullname: 'Олена',
        mobilephone: '+380671112233',
        emailaddress1: 'olena@example.com',
        ownerid: 'U-1',
      },
      settings,
    );
    expect(owned?.responsible).toBe('u-1');
    expect(owned?.contactDirections).toContainEqual({
      type: 'email',
      name: 'work',
      value: 'olena@example.com',
    });
    expect(toContactBookEntry({ contactid: 'a', mobilephone: '+380671112233' }, settings)?.responsible).toBe(
      '0',
    );
  });

  it('leaves out a contact with no usable phone number (Smart Phone matches callers by number)', () => {
    expect(
      toContactBookEntry({ contactid: 'a', fullname: 'No phone', telephone1: 'n/a' }, settings),
    ).toBeUndefined();
  });

  it('changes its hash when anything pushed changes, and only then', () => {
    const base = toContactBookEntry(
      { contactid: 'a', fullname: 'Олена', mobilephone: '+380671112233' },
      settings,
    )!;
    const same = toContactBookEntry(
      { contactid: 'A', fullname: 'Олена ', mobilephone: '067 111 22 33' },
      settings,
    )!;
    const renamed = toContactBookEntry(
      { contactid: 'a', fullname: 'Олена К.', mobilephone: '+380671112233' },
      settings,
    )!;
    expect(entryHash(same)).toBe(entryHash(base));
    expect(entryHash(renamed)).not.toBe(entryHash(base));
  });
});
