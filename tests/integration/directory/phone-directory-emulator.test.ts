import { createWebApiClient } from '../../../webhook-receiver/src/dataverse/web-api-client';
import { createWebApiContactDirectory } from '../../../webhook-receiver/src/dataverse/web-api-contact-directory';
import { createContactMatcher } from '../../../webhook-receiver/src/directory/contact-matcher';
import { createPhoneDirectory } from '../../../webhook-receiver/src/directory/phone-directory';
import { createWebApiContactFeed } from '../../../webhook-receiver/src/directory/web-api-contact-feed';
import { startEmulatorServer, type EmulatorOptions } from '../../../emulators/dataverse/src';
import { manualClock, recordingLogger, tempDir } from '../../unit/directory/fakes';

/**
 * The phone directory against the Dataverse emulator's HTTP server: real fetch, real change tracking
 * (track-changes, delta links, $deletedEntity, expired tokens), real SQLite file.
 */
describe('phone directory against the Dataverse emulator', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: EmulatorOptions = {}) {
    const server = await startEmulatorServer({ port: 0, host: '127.0.0.1', ...options });
    cleanups.push(() => server.close());
    const tmp = tempDir();
    cleanups.push(() => tmp.cleanup());
    const getToken = async () => 'emulator-token';
    const clock = manualClock();
    const logger = recordingLogger();
    const directory = createPhoneDirectory({
      file: tmp.file(),
      feed: createWebApiContactFeed({ url: server.url, getToken, pageSize: 50 }),
      defaultCountry: 'UA',
      clock,
      logger,
      onDemandMinIntervalMs: 0,
    });
    cleanups.push(() => directory.stop());
    const api = `${server.url}/api/data/v9.2`;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${api}/${path}`, {
        method,
        headers: { Authorization: 'Bearer emulator-token', 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((r) => {
        if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}`);
      });
    const contactReads = () =>
      server.emulator.requests().filter((r) => r.method === 'GET' && /\/contacts/.test(r.url));
    return { server, emulator: server.emulator, directory, clock, logger, getToken, call, contactReads };
  }

  test('a full sync reads every contact and finds numbers however they were typed', async () => {
    const { emulator, directory } = await setup();
    const ids = Array.from({ length: 120 }, (_, i) =>
      emulator.insert('contact', {
        lastname: `Contact ${i}`,
        mobilephone: `8 (067) 100-${String(1000 + i).slice(0, 2)}-${String(1000 + i).slice(2)}`,
        telephone1: i % 2 ? `+48 22 100 ${String(1000 + i)}, 044 200 ${String(1000 + i)}` : null,
      }),
    );

    expect(await directory.start()).toMatchObject({ mode: 'directory', contacts: 120 });
    expect((await directory.findByPhone('+380671001000')).map((c) => c.contactid)).toEqual([ids[0]]);
    expect((await directory.findByPhone('+48221001001')).map((c) => c.contactid)).toEqual([ids[1]]);
    expect((await directory.findByPhone('+380442001001')).map((c) => c.contactid)).toEqual([ids[1]]);
  });

  test('a delta brings an updated number and forgets a deleted contact', async () => {
    const { emulator, directory, clock, call, contactReads } = await setup();
    const kept = emulator.insert('contact', { lastname: 'Kept', mobilephone: '050 111 22 33' });
    const gone = emulator.insert('contact', { lastname: 'Gone', mobilephone: '050 444 55 66' });
    await directory.start();

    await call('PATCH', `contacts(${kept})`, { mobilephone: '+380 (67) 999-88-77' });
    await call('DELETE', `contacts(${gone})`);
    clock.advance(10);
    emulator.resetRequestLog();
    await directory.refresh();

    expect(contactReads().map((r) => r.url)).toEqual([expect.stringContaining('$deltatoken=')]);
    expect((await directory.findByPhone('+380679998877')).map((c) => c.contactid)).toEqual([kept]);
    clock.advance(10);
    expect(await directory.lookup('+380501112233')).toMatchObject({ status: 'not-found' });
    clock.advance(10);
    expect(await directory.lookup('+380504445566')).toMatchObject({ status: 'not-found' });
    expect(directory.status()).toMatchObject({ contacts: 1, numbers: 1 });
  });

  test('an expired delta token leads to a full resync', async () => {
    const { emulator, directory, contactReads } = await setup();
    emulator.insert('contact', { lastname: 'A', mobilephone: '0501112233' });
    await directory.start();
    emulator.configure({ now: () => new Date(Date.now() + 8 * 86_400_000) });
    emulator.insert('contact', { lastname: 'B', mobilephone: '0674445566' });
    emulator.resetRequestLog();

    await directory.refresh();

    const reads = contactReads();
    expect(reads.map((r) => [r.status, r.url.includes('$deltatoken=')])).toEqual([
      [400, true],
      [200, false],
    ]);
    expect(directory.status()).toMatchObject({ mode: 'directory', contacts: 2 });
  });

  test('a contact typed in a moment ago is found by the on-demand refresh, with one request', async () => {
    const { emulator, directory, clock, getToken, server } = await setup();
    emulator.insert('contact', { lastname: 'Known', mobilephone: '0501112233' });
    await directory.start();
    const matcher = createContactMatcher({
      directory,
      fallback: createWebApiContactDirectory(createWebApiClient({ url: server.url, getToken })),
      logger: recordingLogger(),
    });
    const typed = emulator.insert('contact', { lastname: 'Typed', telephone2: '(097) 765-43-21' });
    clock.advance(10);
    emulator.resetRequestLog();

    const found = await matcher.findByPhone('+380977654321');

    expect(found.map((c) => c.contactid)).toEqual([typed]);
    expect(emulator.requests()).toHaveLength(1);
  });

  test('the directory costs no request for a known number and at most one for an unknown one', async () => {
    const { emulator, directory, clock } = await setup();
    emulator.insert('contact', { lastname: 'Known', mobilephone: '0501112233' });
    await directory.start();

    emulator.resetRequestLog();
    clock.advance(10);
    await directory.findByPhone('+380501112233');
    expect(emulator.requests()).toHaveLength(0);

    clock.advance(10);
    await directory.findByPhone('+380639990000');
    expect(emulator.requests().map((r) => r.method)).toEqual(['GET']);
  });

  test('without change tracking the matcher says query-fallback and still finds contacts by query', async () => {
    const { emulator, directory, server, getToken, logger } = await setup({ untrackedTables: ['contact'] });
    const id = emulator.insert('contact', { lastname: 'Queried', mobilephone: '+380501112233' });
    const matcher = createContactMatcher({
      directory,
      fallback: createWebApiContactDirectory(createWebApiClient({ url: server.url, getToken })),
      logger: recordingLogger(),
    });

    await directory.start();

    expect(matcher.status()).toMatchObject({
      lookup: 'query-fallback',
      directory: { mode: 'query-fallback', reason: 'change-tracking-unavailable' },
    });
    expect(logger.lines.map((l) => l.msg)).toContainEqual(
      expect.stringMatching(/change tracking is not enabled/),
    );
    expect((await matcher.findByPhone('+380501112233')).map((c) => c.contactid)).toEqual([id]);
  });
});
