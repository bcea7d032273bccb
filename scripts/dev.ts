import { formatProjectTime } from '../webhook-receiver/src/ringostat-api/project-time';
import { runServer } from '../webhook-receiver/src/server';
import { processingExtension } from '../webhook-receiver/src/worker/processing-extension';
import { startDemoDataverse } from './demo/demo-dataverse';
import { demoNotes } from './demo/demo-notes';

/**
 * `npm start`. Without DATAVERSE_URL this is demo mode: the receiver starts with a generated webhook token
 * (kept in DATA_DIR, so the URLs survive restarts), the Dataverse emulator runs in this process seeded
 * with demo users and contacts (scripts/demo/), and calls are processed into it. With DATAVERSE_URL set
 * it is the real receiver. Demo-only parts join through `extend`, which gets the inbox, logger and
 * metrics registry.
 */
let emulatorUrl: string | undefined;
let previewUrl: string | undefined;

void runServer({
  extend: async (core) => {
    if (core.config.dataverse) return processingExtension(core, core.config.dataverse);
    const demo = await startDemoDataverse(
      core,
      Number(process.env.DATAVERSE_EMULATOR_PORT ?? 5555),
      Number(process.env.PREVIEW_PORT ?? 5600),
    );
    emulatorUrl = demo.emulatorUrl;
    previewUrl = demo.previewUrl;
    return demo;
  },
  notes: (receiver, language) =>
    receiver.config.demo
      ? demoNotes(
          {
            receiverBase: receiver.webhookUrls['before-call'].replace(/\/ringostat\/.*$/, ''),
            webhookToken: receiver.config.webhookToken ?? '',
            adminToken: receiver.config.adminToken ?? '',
            emulatorUrl: emulatorUrl ?? '',
            previewUrl: previewUrl ?? '',
            callDate: formatProjectTime(new Date(), receiver.config.timeZone),
          },
          language,
        )
      : [],
}).catch((error: unknown) => {
  console.error('The receiver failed to start:', error);
  process.exit(1);
});
