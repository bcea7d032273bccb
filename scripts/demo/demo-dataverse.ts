import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { createPreviewServer, type PreviewServer } from '../preview/preview-server';
import type { ReceiverCore, ReceiverExtras } from '../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../webhook-receiver/src/worker/processing-extension';
import { seedDemoOrg } from './seed';

/**
 * Demo mode's Dataverse: the emulator in this process on 127.0.0.1 (port `emulatorPort`, or any free
 * port when that one is taken), its data kept in DATA_DIR so the demo survives a restart, seeded on first
 * start, and call processing pointed at it with a static token. DATA_DIR/demo.json tells
 * `npm run simulate` where the emulator is.
 */
export const DEMO_STATE_FILE = 'demo.json';

export interface DemoState {
  emulatorUrl: string;
  receiverPort: number;
  previewUrl?: string;
  /** The receiver's RINGOSTAT_TIMEZONE: simulate plays the calls on that zone's day and names it. */
  timeZone?: string;
}

export async function startDemoDataverse(
  core: ReceiverCore,
  emulatorPort: number,
  previewPort = 5600,
): Promise<ReceiverExtras & { emulatorUrl: string; previewUrl: string }> {
  const options = { host: '127.0.0.1', snapshotFile: join(core.config.dataDir, 'dataverse-emulator.json') };
  const server = await startEmulatorServer({ ...options, port: emulatorPort }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    return startEmulatorServer({ ...options, port: 0 });
  });
  let preview: PreviewServer | undefined;
  try {
    const receiverUrl = `http://127.0.0.1:${core.config.port}`;
    const org = seedDemoOrg(server.emulator, { receiverUrl });
    // The CRM pages (player, call log, settings) with an Xrm stand-in over this emulator.
    const previewOptions = { dataverseUrl: server.url, receiverUrl, host: '127.0.0.1' };
    preview = await createPreviewServer({ ...previewOptions, port: previewPort }).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
      return createPreviewServer({ ...previewOptions, port: 0 });
    });
    core.logger.info(
      { emulator: server.url, defaultOwner: org.defaultOwner },
      'demo Dataverse emulator ready',
    );
    const state: DemoState = {
      emulatorUrl: server.url,
      receiverPort: core.config.port,
      previewUrl: preview.url,
      timeZone: core.config.timeZone,
    };
    writeFileSync(join(core.config.dataDir, DEMO_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);

    const extras = await processingExtension(
      core,
      { url: server.url, staticToken: 'demo' },
      { worker: { pollIntervalMs: 200 } },
    );
    return {
      ...extras,
      emulatorUrl: server.url,
      previewUrl: preview.url,
      onClose: async () => {
        await extras.onClose?.();
        await preview?.close();
        await server.close();
      },
    };
  } catch (error) {
    await preview?.close();
    await server.close();
    throw error;
  }
}
