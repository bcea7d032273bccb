import type { SetupServerApi } from 'msw/node';
import {
  createDataverseEmulator,
  mountEmulatorWithMsw,
  startEmulatorServer,
  type DataverseEmulator,
  type EmulatorOptions,
} from '../../../emulators/dataverse/src/index';

/** The two ways the product reaches the emulator: msw inside the process, or the real HTTP server. */
export const MOUNTS = ['msw', 'http'] as const;
export type MountKind = (typeof MOUNTS)[number];

export interface MountedEmulator {
  emulator: DataverseEmulator;
  /** Org URL, e.g. https://org.crm.dynamics.com or http://127.0.0.1:PORT */
  orgUrl: string;
  api: string;
  call(path: string, init?: RequestInit & { prefer?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function mountEmulator(
  kind: MountKind,
  options: EmulatorOptions = {},
): Promise<MountedEmulator> {
  let emulator: DataverseEmulator;
  let orgUrl: string;
  let close: () => Promise<void>;
  if (kind === 'msw') {
    emulator = await createDataverseEmulator(options);
    orgUrl = 'https://org.crm.dynamics.com';
    const server: SetupServerApi = mountEmulatorWithMsw(emulator, orgUrl);
    server.listen({ onUnhandledRequest: 'error' });
    close = async () => server.close();
  } else {
    const started = await startEmulatorServer(options);
    emulator = started.emulator;
    orgUrl = started.url;
    close = started.close;
  }
  const api = `${orgUrl}/api/data/v9.2/`;
  return {
    emulator,
    orgUrl,
    api,
    close,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('Authorization')) headers.set('Authorization', 'Bearer test-token');
      headers.set('Accept', 'application/json');
      headers.set('OData-MaxVersion', '4.0');
      headers.set('OData-Version', '4.0');
      if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      if (init.prefer) headers.set('Prefer', init.prefer);
      return fetch(path.startsWith('http') ? path : `${api}${path}`, { ...init, headers });
    },
  };
}
