import { startEmulatorServer, type EmulatorOptions } from '../../../emulators/dataverse/src/index';
import type { CallSettings } from '../../../webhook-receiver/src/domain/call-settings';
import {
  createWebApiClient,
  type WebApiClient,
} from '../../../webhook-receiver/src/dataverse/web-api-client';

export type Org = Awaited<ReturnType<typeof startEmulatorServer>>;

export interface GatewayFixture {
  org: Org;
  client: WebApiClient;
  settings: CallSettings;
  defaultOwner: string;
  ivan: string;
  close(): Promise<void>;
}

/** The Dataverse emulator on 127.0.0.1 with the product solution, a default owner and one mapped employee. */
export async function startFixture(options: EmulatorOptions = {}): Promise<GatewayFixture> {
  const org = await startEmulatorServer(options);
  const defaultOwner = org.emulator.insert('systemuser', { firstname: 'Olena', lastname: 'Default' });
  const ivan = org.emulator.insert('systemuser', {
    firstname: 'Іван',
    lastname: 'Петренко',
    internalemailaddress: 'ivan@example.com',
    ringo_ringostatstaffid: '111111',
  });
  const client = createWebApiClient({ url: org.url, getToken: async () => 'test-token', timeoutMs: 5_000 });
  const settings: CallSettings = {
    defaultOwnerId: defaultOwner,
    defaultCountry: 'UA',
    missedCallMode: 'open',
    callbackDueHours: 2,
    language: 'en',
  };
  return { org, client, settings, defaultOwner, ivan, close: () => org.close() };
}
