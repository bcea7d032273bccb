import type { DataverseConfig } from '../config';
import { createAdminRoutes } from '../http/admin-routes';
import type { ReceiverCore, ReceiverExtras } from '../start-receiver';
import { startProcessing, type Processing, type ProcessingDeps } from './start-processing';

/**
 * What call processing adds to a receiver (start-receiver.ts `extend`): the worker and gateway, the admin
 * API, and the Dataverse half of /readyz. Without Dataverse (`dataverse` undefined) only the admin API
 * is added, so dead and pending events can still be inspected.
 */
export async function processingExtension(
  core: ReceiverCore,
  dataverse: DataverseConfig | undefined,
  tuning: Pick<ProcessingDeps, 'worker' | 'refresh' | 'contacts'> = {},
): Promise<ReceiverExtras & { processing?: Processing }> {
  let processing: Processing | undefined;
  if (dataverse) {
    processing = await startProcessing({
      dataverse,
      overrides: core.config.ringoOverrides,
      inbox: core.inbox,
      logger: core.logger,
      clock: core.clock,
      registry: core.registry,
      ...tuning,
    });
  }
  const admin = createAdminRoutes({
    inbox: core.inbox,
    adminToken: core.config.adminToken,
    clock: core.clock,
    ...(processing ? { onRequeue: processing.wake } : {}),
  });
  return {
    plugins: [admin],
    ...(processing ? { readiness: processing.readiness, processing } : {}),
    onClose: async () => {
      await processing?.stop();
    },
  };
}
