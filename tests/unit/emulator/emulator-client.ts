import {
  createDataverseEmulator,
  type DataverseEmulator,
  type EmulatorOptions,
} from '../../../emulators/dataverse/src/index';

/** Parsed OData JSON as tests read it (arbitrary shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests dereference arbitrary OData JSON
export type Json = any;

/** Calls the emulator's fetch-style handler directly, the way both mounts do. */
export interface EmulatorClient {
  emulator: DataverseEmulator;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json }>;
}

export const ORG = 'https://org.crm.dynamics.com/api/data/v9.2/';

export async function emulatorClient(options: EmulatorOptions = {}): Promise<EmulatorClient> {
  const emulator = await createDataverseEmulator(options);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    emulator.handle(
      new Request(path.startsWith('http') ? path : `${ORG}${path}`, {
        method,
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
  return {
    emulator,
    send,
    async json(method, path, body, headers) {
      const r = await send(method, path, body, headers);
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}
