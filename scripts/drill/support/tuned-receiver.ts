import { runServer } from '../../../webhook-receiver/src/server';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

/**
 * The receiver process exactly as server.ts runs it, with the worker's lease and poll interval taken
 * from DRILL_LEASE_MS / DRILL_POLL_MS. Short drills use it so a killed worker's events are reclaimed
 * within seconds instead of after the production lease of 60 s.
 */
const leaseMs = Number(process.env.DRILL_LEASE_MS ?? 60_000);
const pollIntervalMs = Number(process.env.DRILL_POLL_MS ?? 1_000);

runServer({
  extend: (core) =>
    processingExtension(core, core.config.dataverse, {
      worker: { leaseMs, pollIntervalMs },
      refresh: { startRetryMs: 500 },
    }),
}).catch((error: unknown) => {
  console.error('The receiver failed to start:', error);
  process.exit(1);
});
