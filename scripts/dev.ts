import { runServer } from '../webhook-receiver/src/server';

/**
 * `npm start`. Without DATAVERSE_URL this is demo mode: the receiver starts with a generated webhook token
 * (kept in DATA_DIR, so the URLs survive restarts) and prints the three webhook URLs. With DATAVERSE_URL
 * set it is the real receiver. Demo-only parts (the Dataverse emulator in-process, the worker) join
 * through `extend`, which gets the inbox, logger and metrics registry.
 */
void runServer({
  extend: async () => ({}),
  notes: (receiver) =>
    receiver.config.demo
      ? [
          '',
          'Demo mode: the token was generated once and is kept in DATA_DIR/webhook-token.',
          'Try it: curl "' +
            receiver.webhookUrls['before-call'] +
            '&uniqueid=demo-1&calldate=2026-03-02%2014:05:11&caller=380501234567&dst=380441112233"',
        ]
      : [],
}).catch((error: unknown) => {
  console.error('The receiver failed to start:', error);
  process.exit(1);
});
