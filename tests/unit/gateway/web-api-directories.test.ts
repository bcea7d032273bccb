import { createWebApiContactDirectory } from '../../../webhook-receiver/src/dataverse/web-api-contact-directory';
import { createWebApiUserDirectory } from '../../../webhook-receiver/src/dataverse/web-api-user-directory';
import { ManualClock } from '../worker/memory-inbox';
import { startFixture, type GatewayFixture } from './gateway-fixture';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('Web API directories', () => {
  let f: GatewayFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('finds contacts whose number is stored in any common spelling, in any phone column, with the owner type', async () => {
    const team = f.org.emulator.insert('team', { name: 'Sales' });
    const spellings = {
      telephone1: '+380501230001',
      telephone2: '380501230001',
      telephone3: '0501230001',
      business2: '+380 50 123 0001',
      home2: '050 123 0001',
    };
    const ids = Object.entries(spellings).map(([column, value]) =>
      f.org.emulator.insert('contact', { lastname: column, [column]: value }),
    );
    const teamOwned = f.org.emulator.insert('contact', {
      lastname: 'team',
      mobilephone: '+380501230001',
      ownerid: { id: team, entity: 'team' },
    });
    f.org.emulator.insert('contact', { lastname: 'other', mobilephone: '+380501230002' });

    const found = await createWebApiContactDirectory(f.client).findByPhone('+380501230001');

    expect(found.map((c) => c.contactid).sort()).toEqual([...ids, teamOwned].sort());
    expect(found.find((c) => c.contactid === teamOwned)).toMatchObject({
      ownerid: team,
      ownerType: 'team',
      statecode: 0,
    });
    expect(found.find((c) => c.contactid === ids[0])?.ownerType).toBe('systemuser');
  });

  it('maps an employee by staff id first, then by e-mail, and skips disabled users', async () => {
    const byEmail = f.org.emulator.insert('systemuser', {
      lastname: 'Mail',
      internalemailaddress: 'mail@example.com',
    });
    f.org.emulator.insert('systemuser', {
      lastname: 'Gone',
      ringo_ringostatstaffid: '999',
      isdisabled: true,
    });
    const users = createWebApiUserDirectory({ client: f.client, clock: new ManualClock() });

    await expect(users.findUser({ number: '111111', email: 'mail@example.com' })).resolves.toBe(f.ivan);
    await expect(users.findUser({ number: '424242', email: 'MAIL@example.com' })).resolves.toBe(byEmail);
    await expect(users.findUser({ number: '999' })).resolves.toBeUndefined();
    await expect(users.findUser({ name: 'only a name' })).resolves.toBeUndefined();
  });

  it('caches answers, "no such user" included, until the TTL passes', async () => {
    const clock = new ManualClock();
    const users = createWebApiUserDirectory({ client: f.client, clock, ttlMs: 60_000 });
    f.org.emulator.resetRequestLog();

    await Promise.all([users.findUser({ number: '111111' }), users.findUser({ number: '111111' })]);
    await users.findUser({ number: 'nobody' });
    await users.findUser({ number: 'nobody' });
    expect(f.org.emulator.requests()).toHaveLength(2);

    clock.advance(60_001);
    await users.findUser({ number: '111111' });
    expect(f.org.emulator.requests()).toHaveLength(3);
  });

  it('preloads the staff-id mappings, so a first call of a mapped employee costs no request', async () => {
    const users = createWebApiUserDirectory({ client: f.client, clock: new ManualClock() });
    await expect(users.preload()).resolves.toBeGreaterThanOrEqual(1);
    f.org.emulator.resetRequestLog();

    await expect(users.findUser({ number: '111111' })).resolves.toBe(f.ivan);
    expect(f.org.emulator.requests()).toHaveLength(0);
  });
});
