import { runServer } from '../webhook-receiver/src/server';
import { processingExtension } from '../webhook-receiver/src/worker/processing-extension';
import { startDemoDataverse } from './demo/demo-dataverse';

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
  notes: (receiver) =>
    receiver.config.demo
      ? [
          '',
          'Demo mode: the token was generated once and is kept in DATA_DIR/webhook-token.',
          `Dataverse emulator (in this process, seeded with demo users and contacts): ${emulatorUrl ?? '?'}/api/data/v9.2/`,
          '  e.g. curl -H "Authorization: Bearer demo" "' +
            `${emulatorUrl ?? ''}/api/data/v9.2/phonecalls?$select=subject,phonenumber,statecode"`,
          `CRM pages (recording player, call log, settings) with the demo calls: ${previewUrl ?? '?'}/`,
          'Play a day of calls at it: npm run simulate',
          'Try it: curl "' +
            receiver.webhookUrls['before-call'] +
            '&uniqueid=demo-1&calldate=2026-03-02%2014:05:11&caller=380501234567&dst=380441112233"',
        ]
      : [],
}).catch((error: unknown) => {
  console.error('The receiver failed to start:', error);
  process.exit(1);
});
