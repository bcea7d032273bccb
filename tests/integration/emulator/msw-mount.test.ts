import { createDataverseEmulator, mountEmulatorWithMsw } from '../../../emulators/dataverse/src/index';

describe('the msw mount', () => {
  test('intercepts the org URL given in the options and leaves other hosts alone', async () => {
    const emulator = await createDataverseEmulator({ baseUrl: 'https://contoso.crm4.dynamics.com/' });
    const server = mountEmulatorWithMsw(emulator);
    const unhandled: string[] = [];
    server.listen({ onUnhandledRequest: (req) => void unhandled.push(req.url) });
    try {
      const r = await fetch('https://contoso.crm4.dynamics.com/api/data/v9.2/WhoAmI()', {
        headers: { Authorization: 'Bearer t' },
      });
      expect(((await r.json()) as { UserId: string }).UserId).toBe(emulator.whoAmI().UserId);
      await fetch('https://org.crm.dynamics.com/api/data/v9.2/WhoAmI()').catch(() => undefined);
      expect(unhandled).toEqual(['https://org.crm.dynamics.com/api/data/v9.2/WhoAmI()']);
    } finally {
      server.close();
    }
  });
});
