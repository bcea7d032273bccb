import { Registry } from 'prom-client';
import { ContactFeedError, FEED_FAILURES } from '../../../webhook-receiver/src/directory/contact-feed';
import {
  createPhoneDirectory,
  DirectoryUnavailableError,
  type PhoneDirectoryOptions,
} from '../../../webhook-receiver/src/directory/phone-directory';
import { contact, fakeContactFeed, manualClock, recordingLogger, tempDir } from './fakes';

describe('phone directory', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.stop()));
    dirs.splice(0).forEach((d) => d.cleanup());
  });

  function setup(overrides: Partial<PhoneDirectoryOptions> = {}) {
    const tmp = tempDir();
    dirs.push(tmp);
    const fake = fakeContactFeed();
    const clock = manualClock();
    const logger = recordingLogger();
    const make = (file = tmp.file()) => {
      const directory = createPhoneDirectory({
        file,
        feed: fake.feed,
        defaultCountry: 'UA',
        clock,
        logger,
        onDemandMinIntervalMs: 0,
        ...overrides,
      });
      open.push(directory);
      return directory;
    };
    return { fake, clock, logger, make, tmp };
  }

  test('a full sync indexes every phone column in any format under its E.164 number', async () => {
    const { fake, make } = setup();
    fake.put(
      contact('a', ['+380 (50) 123-45-67', '8 044 123 4567']),
      contact('b', ['067 111 22 33, 063 222 33 44']),
      contact('c', ['tel:+48 22 123 45 67 ext. 5']),
    );
    const directory = make();
    await directory.start();

    expect(directory.status()).toMatchObject({ mode: 'directory', contacts: 3, numbers: 5 });
    expect((await directory.findByPhone('+380501234567')).map((c) => c.contactid)).toEqual(['a']);
    expect((await directory.findByPhone('+380441234567')).map((c) => c.contactid)).toEqual(['a']);
    expect((await directory.findByPhone('+380632223344')).map((c) => c.contactid)).toEqual(['b']);
    expect((await directory.findByPhone('+48221234567')).map((c) => c.contactid)).toEqual(['c']);
  });

  test('a known number is answered locally without reading Dataverse', async () => {
    const { fake, make, clock } = setup();
    fake.put(contact('a', ['0501234567']));
    const directory = make();
    await directory.start();
    const before = fake.requests.length;
    clock.advance(5000);

    expect(await directory.lookup('+380501234567')).toMatchObject({ status: 'found' });
    expect(fake.requests.length).toBe(before);
  });

  test('an unknown number triggers one delta read, which finds a contact typed in since the last sync', async () => {
    const { fake, make, clock } = setup();
    fake.put(contact('a', ['0501234567']));
    const directory = make();
    await directory.start();
    fake.put(contact('new', ['(067) 111-22-33']));
    clock.advance(10);
    fake.requests.length = 0;

    const found = await directory.findByPhone('+380671112233');

    expect(found.map((c) => c.contactid)).toEqual(['new']);
    expect(fake.requests).toEqual(['delta']);
  });

  test('a number nobody has costs one delta read and answers not-found', async () => {
    const { fake, make, clock } = setup();
    const directory = make();
    await directory.start();
    clock.advance(10);
    fake.requests.length = 0;

    expect(await directory.lookup('+380991112233')).toEqual({ status: 'not-found', candidates: [] });
    expect(fake.requests).toEqual(['delta']);
  });

  test('a delta moves a changed number and forgets a deleted contact', async () => {
    const { fake, make, clock } = setup();
    fake.put(contact('a', ['0501234567']), contact('b', ['0671112233']));
    const directory = make();
    await directory.start();

    fake.put(contact('a', ['0509999999']));
    fake.remove('b');
    clock.advance(10);
    await directory.refresh();

    expect(fake.requests.at(-1)).toBe('delta');
    expect(await directory.lookup('+380509999999')).toMatchObject({ status: 'found' });
    clock.advance(10);
    expect(await directory.lookup('+380501234567')).toMatchObject({ status: 'not-found' });
    clock.advance(10);
    expect(await directory.lookup('+380671112233')).toMatchObject({ status: 'not-found' });
    expect(directory.status()).toMatchObject({ contacts: 1, numbers: 1 });
  });

  test('an expired delta link leads to a full read that replaces the whole directory', async () => {
    const { fake, make, clock, logger } = setup();
    fake.put(contact('a', ['0501234567']));
    const directory = make();
    await directory.start();
    fake.remove('a');
    fake.put(contact('b', ['0671112233']));
    fake.expireTokens();
    fake.requests.length = 0;
    clock.advance(10);

    await directory.refresh();

    expect(fake.requests).toEqual(['delta', 'full']);
    expect(directory.status()).toMatchObject({
      mode: 'directory',
      contacts: 1,
      lastFullSyncAt: clock.now().toISOString(),
    });
    expect(logger.lines.some((l) => /delta link refused/.test(l.msg))).toBe(true);
  });

  test('without change tracking the directory reports query-fallback and refuses to answer', async () => {
    const { fake, make, logger } = setup();
    fake.tracking = false;
    const directory = make();

    const status = await directory.start();

    expect(status).toMatchObject({ mode: 'query-fallback', reason: 'change-tracking-unavailable' });
    expect(await directory.lookup('+380501234567')).toMatchObject({ status: 'unavailable' });
    await expect(directory.findByPhone('+380501234567')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringMatching(/change tracking is not enabled/),
    ]);
  });

  test('a failed first sync reports query-fallback, and the next refresh brings the directory up', async () => {
    const { fake, make } = setup();
    fake.put(contact('a', ['0501234567']));
    fake.failNext(new ContactFeedError('HTTP 503', FEED_FAILURES.transient, 503));
    const directory = make();

    expect(await directory.start()).toMatchObject({
      mode: 'query-fallback',
      reason: 'sync-failing',
      lastError: 'HTTP 503',
    });
    await directory.refresh();
    expect(directory.status()).toMatchObject({ mode: 'directory', contacts: 1 });
    expect(directory.status()).not.toHaveProperty('lastError');
  });

  test('when the refresh before a "not found" fails, the lookup says unavailable rather than "unknown"', async () => {
    const { fake, make, clock } = setup();
    const directory = make();
    await directory.start();
    clock.advance(10);
    fake.failNext(new ContactFeedError('HTTP 429', FEED_FAILURES.transient, 429));

    expect(await directory.lookup('+380501234567')).toMatchObject({ status: 'unavailable' });
    expect(directory.status().mode).toBe('directory');
  });

  test('misses arriving together share one delta read', async () => {
    const { fake, make, clock } = setup();
    const directory = make();
    await directory.start();
    clock.advance(10);
    fake.requests.length = 0;

    const answers = await Promise.all(
      ['+380501111111', '+380502222222', '+380503333333', '+380504444444'].map((n) => directory.lookup(n)),
    );

    expect(answers.map((a) => a.status)).toEqual(['not-found', 'not-found', 'not-found', 'not-found']);
    expect(fake.requests).toEqual(['delta']);
  });

  test('a miss while an older refresh is running waits for a newer one, which finds the new contact', async () => {
    const { fake, make, clock } = setup();
    const directory = make();
    await directory.start();
    clock.advance(10);
    fake.requests.length = 0;
    const release = fake.hold();
    const running = directory.refresh();
    fake.put(contact('typed', ['0971234567']));
    clock.advance(10);

    const lookup = directory.lookup('+380971234567');
    release();

    expect(await lookup).toMatchObject({ status: 'found' });
    await running;
    // The running read took its snapshot before the contact existed; the miss needed one more.
    expect(fake.requests).toEqual(['delta', 'delta']);
  });

  test('a lookup whose refresh takes too long answers unavailable, so the query lookup takes over', async () => {
    const { fake, make, clock } = setup({ onDemandTimeoutMs: 20 });
    const directory = make();
    await directory.start();
    clock.advance(10);
    const release = fake.hold();

    expect(await directory.lookup('+380971234567')).toMatchObject({
      status: 'unavailable',
      reason: 'the refresh is taking too long',
    });
    release();
    await directory.refresh();
    expect(directory.status().mode).toBe('directory');
  });

  test('during a full resync lookups keep answering from the previous complete copy', async () => {
    const { fake, make, clock } = setup();
    fake.put(contact('a', ['0501234567']), contact('b', ['0671112233']), contact('c', ['0931112233']));
    const directory = make();
    await directory.start();
    fake.expireTokens();
    const release = fake.hold();
    const resync = directory.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(10);

    expect(await directory.lookup('+380931112233')).toMatchObject({ status: 'found' });
    expect(directory.status().contacts).toBe(3);
    release();
    await resync;
    expect(directory.status()).toMatchObject({ contacts: 3, mode: 'directory' });
  });

  test('refreshes started by lookups are spaced by the minimum interval', async () => {
    const waits: number[] = [];
    const { fake, make, clock } = setup({
      onDemandMinIntervalMs: 1000,
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
    });
    const directory = make();
    await directory.start();
    clock.advance(300);
    await directory.lookup('+380501111111');
    clock.advance(1);
    await directory.lookup('+380502222222');

    expect(waits).toEqual([700, 999]);
    expect(fake.requests.filter((r) => r === 'delta')).toHaveLength(2);
  });

  test('a contact the receiver created is found at once, before any refresh', async () => {
    const { fake, make } = setup();
    const directory = make();
    await directory.start();
    fake.requests.length = 0;

    directory.remember({
      contactid: 'created',
      statecode: 0,
      modifiedon: '2026-03-02T12:00:00Z',
      phones: ['+380671112233'],
    });

    expect((await directory.findByPhone('+380671112233')).map((c) => c.contactid)).toEqual(['created']);
    expect(fake.requests).toEqual([]);
  });

  test('shared numbers are listed with their contacts in the order of the ambiguity rule', async () => {
    const { fake, make } = setup();
    fake.put(
      contact('old-active', ['0501234567'], { modifiedon: '2025-01-01T00:00:00Z' }),
      contact('new-inactive', ['050 123 45 67'], { statecode: 1, modifiedon: '2026-02-01T00:00:00Z' }),
      contact('new-active', ['+380501234567'], { modifiedon: '2026-01-01T00:00:00Z' }),
      contact('alone', ['0671112233']),
    );
    const directory = make();
    await directory.start();

    expect(directory.ambiguous()).toEqual([
      {
        e164: '+380501234567',
        contacts: [
          expect.objectContaining({ contactid: 'new-active' }),
          expect.objectContaining({ contactid: 'old-active' }),
          expect.objectContaining({ contactid: 'new-inactive' }),
        ],
      },
    ]);
    expect(directory.status()).toMatchObject({ ambiguousNumbers: 1, numbers: 2 });
  });

  test('after a restart the directory continues from its saved delta link instead of reading everything', async () => {
    const { fake, make, tmp } = setup();
    fake.put(contact('a', ['0501234567']));
    const first = make(tmp.file());
    await first.start();
    await first.stop();
    open.splice(open.indexOf(first), 1);
    fake.requests.length = 0;

    const second = make(tmp.file());
    await second.start();

    expect(fake.requests).toEqual(['delta']);
    expect(await second.lookup('+380501234567')).toMatchObject({ status: 'found' });
  });

  test('refreshes are counted on the registry passed in', async () => {
    const registry = new Registry();
    const { fake, make } = setup({ metrics: registry });
    fake.put(contact('a', ['0501234567']));
    const directory = make();
    await directory.start();
    await directory.refresh();

    const text = await registry.metrics();
    expect(text).toContain(
      'ringostat_phone_directory_refreshes_total{trigger="startup",kind="full",outcome="ok"} 1',
    );
    expect(text).toContain(
      'ringostat_phone_directory_refreshes_total{trigger="manual",kind="delta",outcome="ok"} 1',
    );
    expect(text).toContain('ringostat_phone_directory_numbers{kind="all"} 1');
  });
});
