import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Clock } from '../../../webhook-receiver/src/clock';
import { createSqliteContactBookStore } from '../../../webhook-receiver/src/ringostat-api/contact-book-store';
import { createContactBookSync } from '../../../webhook-receiver/src/ringostat-api/contact-book-sync';
import type { CrmContact } from '../../../webhook-receiver/src/ringostat-api/contact-book-entry';
import { DataversePageError } from '../../../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import { PROJECT_ID, startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

const CRM = 'https://contoso.crm4.dynamics.com';
const APP = '5e0b8f7a-7b1c-4f0e-9d1a-3b2c1d0e9f8a';
const clock: Clock = { now: () => new Date('2026-03-02T12:00:00Z') };

const newContact: CrmContact = {
  contactid: 'A1B2C3D4-0000-4000-8000-000000000001',
  fullname: null,
  mobilephone: '380671112233',
  ownerid: '11111111-2222-3333-4444-555555555555',
};

describe('contact-book sync against the Ringostat emulator', () => {
  let fx: RingostatFixture;
  beforeEach(async () => {
    fx = await startRingostatFixture();
  });
  afterEach(() => fx.close());

  function sync(registry = new Registry(), api = fx.api()) {
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    const contactBook = createContactBookSync({
      api,
      store,
      crmUrl: `${CRM}/`,
      appId: APP,
      projectId: PROJECT_ID,
      clock,
      registry,
    });
    return { contactBook, store, registry };
  }

  it('a new nameless contact appears in the contact book under its number, linked to its CRM card', async () => {
    const { contactBook, store } = sync();
    expect(await contactBook.onContactResolved(newContact)).toBe('pushed');
    store.close();

    const entry = fx.server.emulator.contactBook().get('a1b2c3d4-0000-4000-8000-000000000001');
    expect(entry).toMatchObject({
      projectId: PROJECT_ID,
      fullName: '+380671112233',
      origin: 'Smart CRM',
      responsible: '11111111-2222-3333-4444-555555555555',
      contactLink: `${CRM}/main.aspx?pagetype=entityrecord&etn=contact&id=a1b2c3d4-0000-4000-8000-000000000001&appid=${APP}`,
      contactDirections: [{ type: 'phone', name: 'mobile', value: '+380671112233' }],
    });
  });

  it('does not push an unchanged contact again, even after a restart, but pushes a change', async () => {
    const first = sync();
    await first.contactBook.onContactResolved(newContact);
    first.store.close();

    const second = sync();
    expect(await second.contactBook.onContactResolved(newContact)).toBe('unchanged');
    expect(fx.server.emulator.requestCount('/minicrm/contacts/sync')).toBe(1);

    expect(await second.contactBook.onContactResolved({ ...newContact, fullname: 'Олена Шевченко' })).toBe(
      'pushed',
    );
    second.store.close();
    expect(fx.server.emulator.requestCount('/minicrm/contacts/sync')).toBe(2);
    expect([...fx.server.emulator.contactBook().values()].map((c) => c.fullName)).toEqual(['Олена Шевченко']);
  });

  it('a failed push does not throw, is reported, and is retried the next time the contact is resolved', async () => {
    const errors: string[] = [];
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    const contactBook = createContactBookSync({
      api: fx.api({ maxAttempts: 1 }),
      store,
      crmUrl: CRM,
      projectId: PROJECT_ID,
      clock,
      onError: (e) => errors.push(e.message),
    });
    fx.server.emulator.failNext({ status: 500 });
    expect(await contactBook.onContactResolved(newContact)).toBe('failed');
    expect(contactBook.status().lastError).toContain('HTTP 500');
    expect(errors).toHaveLength(1);

    expect(await contactBook.onContactResolved(newContact)).toBe('pushed');
    expect(contactBook.status()).toMatchObject({ lastError: null, counts: { pushed: 1, failed: 1 } });
    store.close();
    expect(fx.server.emulator.contactBook().size).toBe(1);
  });

  it('a bad Auth-key gives a failed push whose reason names RINGOSTAT_AUTH_KEY, and no crash', async () => {
    const { contactBook, store } = sync(new Registry(), fx.api({ authKey: 'revoked' }));
    expect(await contactBook.onContactResolved(newContact)).toBe('failed');
    expect(contactBook.status().lastError).toContain('check RINGOSTAT_AUTH_KEY');
    store.close();
  });

  it('pushes a batch in one request, skipping contacts without a phone, and counts results in metrics', async () => {
    const { contactBook, store, registry } = sync();
    const batch: CrmContact[] = [
      newContact,
      { contactid: 'b0000000-0000-4000-8000-000000000002', fullname: 'Петро', telephone1: '044 111 22 33' },
      {
        contactid: 'c0000000-0000-4000-8000-000000000003',
        fullname: 'No phone',
        emailaddress1: 'x@example.com',
      },
    ];
    expect(await contactBook.pushMany(batch)).toEqual({ pushed: 2, unchanged: 0, skipped: 1, failed: 0 });
    expect(await contactBook.pushMany(batch)).toEqual({ pushed: 0, unchanged: 2, skipped: 1, failed: 0 });
    store.close();
    expect(fx.server.emulator.requestCount('/minicrm/contacts/sync')).toBe(1);
    const metrics = await registry.getMetricsAsJSON();
    const counted = metrics.find((m) => m.name === 'ringostat_contact_sync_contacts_total');
    expect(counted?.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { result: 'pushed' }, value: 2 }),
        expect.objectContaining({ labels: { result: 'unchanged' }, value: 2 }),
      ]),
    );
    const last = metrics.find((m) => m.name === 'ringostat_contact_sync_last_push_timestamp_seconds');
    expect(last?.values[0]?.value).toBe(clock.now().getTime() / 1000);
  });

  it('a matched contact that cannot be read from Dataverse is a failed push with the reason, not a crash', async () => {
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    const contactBook = createContactBookSync({
      api: fx.api(),
      store,
      crmUrl: CRM,
      projectId: PROJECT_ID,
      clock,
      readContact: async () => {
        throw new DataversePageError('Dataverse refused the contact (HTTP 503)', 503);
      },
    });
    expect(await contactBook.onContactResolved({ contactid: newContact.contactid })).toBe('failed');
    expect(contactBook.status()).toMatchObject({ counts: { failed: 1 } });
    expect(contactBook.status().lastError).toContain('could not read contact');
    store.close();
    expect(fx.server.emulator.requestCount()).toBe(0);
  });

  it('a matched contact at the version Ringostat already has is not read again; a newer version is', async () => {
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    let stored: CrmContact = { ...newContact, fullname: 'Olena Koval', modifiedon: '2026-03-01T10:00:00Z' };
    const reads: string[] = [];
    const contactBook = createContactBookSync({
      api: fx.api(),
      store,
      crmUrl: CRM,
      projectId: PROJECT_ID,
      clock,
      readContact: async (id) => {
        reads.push(id);
        return stored;
      },
    });
    const id = newContact.contactid;
    // First call: nothing known yet, so it is read and pushed.
    expect(await contactBook.onContactResolved({ contactid: id, modifiedon: '2026-03-01T10:00:00Z' })).toBe(
      'pushed',
    );
    // The phone directory still reports that version: Ringostat has it, no Dataverse read.
    expect(await contactBook.onContactResolved({ contactid: id, modifiedon: '2026-03-01T10:00:00Z' })).toBe(
      'unchanged',
    );
    // No version known (the query lookup): read, found unchanged.
    expect(await contactBook.onContactResolved({ contactid: id })).toBe('unchanged');
    expect(reads).toHaveLength(2);

    // Renamed in the CRM: the directory's newer version makes it read and push the new name.
    stored = { ...stored, fullname: 'Olena Koval-Shevchenko', modifiedon: '2026-03-02T09:00:00Z' };
    expect(await contactBook.onContactResolved({ contactid: id, modifiedon: '2026-03-02T09:00:00Z' })).toBe(
      'pushed',
    );
    expect(reads).toHaveLength(3);
    expect(fx.server.emulator.contactBook().get(id.toLowerCase())).toMatchObject({
      fullName: 'Olena Koval-Shevchenko',
    });
    store.close();
  });
});
