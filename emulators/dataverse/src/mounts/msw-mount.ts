import { http } from 'msw';
import { setupServer, type SetupServerApi } from 'msw/node';
import type { DataverseEmulator } from '../emulator-types';

/**
 * Intercepts `<baseUrl>/api/data/…` in the current process (msw's interceptors cover Node http/https and fetch,
 * so dynamics-web-api and plain fetch both reach the emulator). OData URLs contain ( ) ' so a RegExp is used
 * rather than a path pattern (notes/libraries.md, msw findings). The caller starts it with `.listen()`.
 */
export function mountEmulatorWithMsw(
  emulator: DataverseEmulator,
  baseUrl = emulator.baseUrl,
): SetupServerApi {
  const origin = baseUrl.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return setupServer(http.all(new RegExp(`^${origin}/api/data/`), ({ request }) => emulator.handle(request)));
}
