import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src';
import type { Clock } from '../../../webhook-receiver/src/clock';
import { createSqliteContactBookStore } from '../../../webhook-receiver/src/ringostat-api/contact-book-store';
import { createContactBookSync } from '../../../webhook-receiver/src/ringostat-api/contact-book-sync';
import {
  createDataverseContactPages,
  createDataverseContactReader,
} from '../../../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import {
  syncWholeContactBook,
  WHOLE_SYNC_CURSOR,
} from '../../../webhook-receiver/src/ringostat-api/whole-contact-book-sync';
import { PROJECT_ID, startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

const clock: Clock = { now: () => new Date('2026-03-02T12:00:00Z') };

describe('whole contact-book sync from the Dataverse emulator to the Ringostat emulator', () => {
  let fx: RingostatFixture;
  let dataverse: Awaited<ReturnType<typeof startEmulatorServer>>;
  beforeEach(async () => {
    fx = await startRingostatFixture();
    dataverse = await startEmulatorServer();
    for (let i = 0; i < 250; i++) {
      dataverse.emulator.insert('contact', {
        firstname: `Клієнт`,
        lastname: String(i),
        mobilephone: `+38067${String(1_000_000 + i).padStart(7, '0')}`,
      });
    }
    dataverse.emulator.insert('contact', {
      lastname: 'Inactive',
      mobilephone: '+380509999999',
      statecode: 1,
      statuscode: 2,
    });
  });
  afterEach(async () => {
    await dataverse.close();
    await fx.close();
  });

  function parts(api = fx.api()) {
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    const contactBook = createContactBookSync({
      api,
      store,
      crmUrl: dataverse.url,
      projectId: PROJECT_ID,
      clock,
    });
    const pages = createDataverseContactPages({
      dataverseUrl: dataverse.url,
      getToken: async () => 'emulator-token',
      pageSize: 100,
    });
    return { store, contactBook, pages };
  }

  it('pushes every active contact in pages of 100 and resumes after an interruption from the page it stopped at', async () => {
    const first = parts(fx.api({ maxAttempts: 1 }));
    fx.server.emulator.failNext({ status: 500 }, { path: '/minicrm/contacts/sync' });
    // Page 1 fails: nothing saved. Run again and stop it after page 2 by failing the third push.
    await expect(syncWholeContactBook({ ...first, clock })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(first.store.cursor(WHOLE_SYNC_CURSOR)).toBeUndefined();
    const seen: number[] = [];
    const stopAfterTwo = syncWholeContactBook({
      ...first,
      clock,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.pages === 2) fx.server.emulator.failNext({ status: 500 }, { path: '/minicrm/contacts/sync' });
      },
    });
    await expect(stopAfterTwo).rejects.toMatchObject({ kind: 'unavailable' });
    expect(seen).toEqual([100, 200]);
    first.store.close();
    expect(fx.server.emulator.contactBook().size).toBe(200);

    const second = parts();
    const pushesBefore = fx.server.emulator.requestCount('/minicrm/contacts/sync');
    const resumed = await syncWholeContactBook({ ...second, clock });
    expect(resumed).toMatchObject({ resumed: true, done: 250, pushed: 250, pages: 3, total: 250 });
    expect(fx.server.emulator.requestCount('/minicrm/contacts/sync') - pushesBefore).toBe(1);
    expect(second.store.cursor(WHOLE_SYNC_CURSOR)).toBeUndefined();

    const book = [...fx.server.emulator.contactBook().values()];
    expect(book).toHaveLength(250);
    expect(book.some((c) => c.contactDirections[0]?.value === '+380509999999')).toBe(false);
    const sample = book.find((c) => c.fullName === 'Клієнт 7');
    expect(sample?.contactLink).toBe(
      `${dataverse.url}/main.aspx?pagetype=entityrecord&etn=contact&id=${sample?.externalId}`,
    );
    expect(sample?.responsible).toBe(dataverse.emulator.whoAmI().UserId.toLowerCase());

    // A second full run finds nothing changed and pushes nothing.
    const again = await syncWholeContactBook({ ...second, clock });
    expect(again).toMatchObject({ resumed: false, pushed: 0, unchanged: 250 });
    second.store.close();
    expect(fx.server.emulator.requestCount('/minicrm/contacts/sync') - pushesBefore).toBe(1);
  });

  it('a contact the worker matched by id is read from Dataverse and pushed with its name and phones', async () => {
    const id = dataverse.emulator.insert('contact', {
      firstname: 'Олена',
      lastname: 'Шевченко',
      telephone1: '044 111 22 33',
    });
    const store = createSqliteContactBookStore({ file: join(fx.dir, 'contact-book.sqlite') });
    const readContact = createDataverseContactReader({
      dataverseUrl: dataverse.url,
      getToken: async () => 't',
    });
    const contactBook = createContactBookSync({
      api: fx.api(),
      store,
      crmUrl: dataverse.url,
      projectId: PROJECT_ID,
      clock,
      readContact,
    });
    expect(await contactBook.onContactResolved({ contactid: id })).toBe('pushed');
    expect(await contactBook.onContactResolved({ contactid: id })).toBe('unchanged');
    expect(await contactBook.onContactResolved({ contactid: '00000000-0000-4000-8000-00000000dead' })).toBe(
      'skipped',
    );
    store.close();
    expect(fx.server.emulator.contactBook().get(id.toLowerCase())).toMatchObject({
      fullName: 'Олена Шевченко',
      contactDirections: [{ type: 'phone', name: 'work', value: '+380441112233' }],
    });
  });
});
