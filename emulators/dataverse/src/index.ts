import { createDataverseEmulator } from './create-dataverse-emulator';
import type { DataverseEmulator, EmulatorOptions } from './emulator-types';
import { listenEmulator } from './mounts/node-server';

export type {
  DataverseEmulator,
  EmulatorOptions,
  RecordedPart,
  RecordedRequest,
  Refusal,
} from './emulator-types';
export { createDataverseEmulator } from './create-dataverse-emulator';
export { mountEmulatorWithMsw } from './mounts/msw-mount';
export { buildSolutionZip, type SolutionSpec, type ColumnSpec } from './solution/build-solution-zip';
export {
  builtInProductSolution,
  loadProductSolution,
  type ProductSolution,
} from './solution/product-solution';

/** Starts the emulator on a Node HTTP server (127.0.0.1, random port unless given). */
export async function startEmulatorServer(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; emulator: DataverseEmulator; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const emulator = await createDataverseEmulator(rest);
  const server = await listenEmulator(emulator, port, host);
  return { url: server.url, emulator, close: server.close };
}
