import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createWebApiClient } from '../../../webhook-receiver/src/dataverse/web-api-client';
import { createWebApiContactDirectory } from '../../../webhook-receiver/src/dataverse/web-api-contact-directory';
import {
  createContactMatching,
  createContactMatchingFromConfig,
} from '../../../webhook-receiver/src/directory/create-contact-matching';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { startEmulatorServer } from '../../../emulators/dataverse/src';
import { tempDir } from '../../unit/directory/fakes';

describe('contact matching as an entry file builds it', () => {
  test('starts on the emulator, answers from the directory, and lists shared numbers', async () => {
    const server = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
    const tmp = tempDir();
    const getToken = async () => 'emulator-token';
    const registry = new Registry();
    const matching = createContactMatching({
      dataDir: tmp.file('data'),
      dataverseUrl: server.url,
      getToken,
      defaultCountry: 'UA',
      fallback: createWebApiContactDirectory(createWebApiClient({ url: server.url, getToken })),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      registry,
    });
    try {
      const older = server.emulator.insert('contact', { lastname: 'Older', mobilephone: '050 111 22 33' });
      const newer = server.emulator.insert('contact', { lastname: 'Newer', telephone1: '+380501112233' });
      server.emulator.insert('contact', { lastname: 'Other', mobilephone: '067 000 11 22' });
      await matching.start();

      expect(matching.status()).toMatchObject({
        lookup: 'directory',
        directory: { contacts: 3, ambiguousNumbers: 1 },
      });
      expect(await matching.readiness()).toMatchObject({
        ready: true,
        checks: { contactLookup: { lookup: 'directory' } },
      });
      const found = await matching.contacts.findByPhone('+380501112233');
      expect(found.map((c) => c.contactid).sort()).toEqual([older, newer].sort());
      expect(matching.directory.ambiguous()).toEqual([{ e164: '+380501112233', contacts: found }]);
      expect(await registry.metrics()).toContain(
        'ringostat_ambiguous_contact_matches_total{source="directory"} 1',
      );
    } finally {
      await matching.stop();
      await server.close();
      tmp.cleanup();
    }
  });

  test('built from the receiver configuration, it reads DATAVERSE_URL with DATAVERSE_TOKEN under DATA_DIR', async () => {
    const server = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
    const tmp = tempDir();
    const matching = createContactMatchingFromConfig(
      {
        dataDir: tmp.file('data'),
        dataverse: { url: server.url, staticToken: 'emulator-token' },
        ringoOverrides: { ringo_DefaultCountry: 'PL' },
      },
      { clock: systemClock, logger: createLogger({ level: 'silent' }) },
    );
    try {
      const id = server.emulator.insert('contact', { lastname: 'Warsaw', telephone1: '22 123 45 67' });
      await matching?.start();
      expect((await matching?.contacts.findByPhone('+48221234567'))?.map((c) => c.contactid)).toEqual([id]);
      expect(existsSync(join(tmp.file('data'), 'phone-directory.sqlite'))).toBe(true);
    } finally {
      await matching?.stop();
      await server.close();
      tmp.cleanup();
    }
    expect(
      createContactMatchingFromConfig(
        { dataDir: '.', ringoOverrides: {} },
        { clock: systemClock, logger: createLogger({ level: 'silent' }) },
      ),
    ).toBeUndefined();
  });
});
