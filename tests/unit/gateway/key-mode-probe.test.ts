import {
  createKeyModeProbe,
  hasActiveCallIdKey,
} from '../../../webhook-receiver/src/dataverse/key-mode-probe';
import { startFixture } from './gateway-fixture';

// Starting the emulator takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('phonecall key mode', () => {
  it('uses the key only when a ringo_callid key is Active', () => {
    const key = { SchemaName: 'ringo_callid_key', KeyAttributes: ['ringo_callid'] };
    expect(hasActiveCallIdKey([{ ...key, EntityKeyIndexStatus: 'Active' }])).toBe(true);
    expect(hasActiveCallIdKey([{ ...key, EntityKeyIndexStatus: 'Pending' }])).toBe(false);
    expect(hasActiveCallIdKey([{ ...key, EntityKeyIndexStatus: 'Failed' }])).toBe(false);
    expect(
      hasActiveCallIdKey([
        { ...key, KeyAttributes: ['ringo_callid', 'subject'], EntityKeyIndexStatus: 'Active' },
      ]),
    ).toBe(false);
    expect(hasActiveCallIdKey([])).toBe(false);
  });

  it('reads the key state from the org: a key whose index is still being built means keyless', async () => {
    const f = await startFixture({ phonecallKey: 'pending' });
    try {
      await expect(createKeyModeProbe(f.client).refresh()).resolves.toBe('keyless');
    } finally {
      await f.close();
    }
  });
});
