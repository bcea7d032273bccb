import { join } from 'node:path';
import { createCallIdGuard } from '../call-ids/call-id-guard';
import { callIdAdminRoutes } from '../call-ids/call-id-routes';
import { CALL_ID_FILE, createSqliteCallIdStore } from '../call-ids/sqlite-call-id-store';
import type { DataverseConfig } from '../config';
import { createContactMatchingFromConfig } from '../directory/create-contact-matching';
import type { ForwardingDeps } from '../forwarding/create-forwarding';
import { forwardingForReceiver } from '../forwarding/forwarding-for-receiver';
import type { Readiness } from '../http/health-routes';
import { createAdminRoutes } from '../http/admin-routes';
import { forwardingAdminRoutes } from '../http/forwarding-admin-routes';
import { createRingostatSide } from '../ringostat-api/ringostat-side';
import type { StaffLookup } from '../staff/staff-directory';
import type { ReceiverCore, ReceiverExtras } from '../start-receiver';
import { startProcessing, type Processing, type ProcessingDeps } from './start-processing';

/**
 * What call processing adds to a receiver (start-receiver.ts `extend`): contact matching (the local
 * phone directory in front of the query lookup), the worker and gateway, the Ringostat side (contact-book
 * sync, reconciliation and the staff directory, when RINGOSTAT_AUTH_KEY is set), the call-id guard
 * (../call-ids/, on the intake and the reconciliation), the admin API, and the Dataverse half of
 * /readyz. Without Dataverse (`dataverse` undefined) only the admin API is added, so dead and pending
 * events can still be inspected.
 */
export interface ProcessingTuning extends Pick<ProcessingDeps, 'worker' | 'refresh' | 'contacts'> {
  /** Ringostat API base URL (the Ringostat emulator in tests and the demo). */
  ringostatBaseUrl?: string;
  /** false: match contacts by querying Dataverse only, without the local phone directory. */
  phoneDirectory?: boolean;
  /** Refresh periods of forwarding's background reads (tests). */
  forwarding?: ForwardingDeps['tuning'];
  /** Origins AI transcripts may be fetched from besides Ringostat's (the Ringostat emulator). */
  transcriptOrigins?: string[];
}

export async function processingExtension(
  core: ReceiverCore,
  dataverse: DataverseConfig | undefined,
  tuning: ProcessingTuning = {},
): Promise<ReceiverExtras & { processing?: Processing; staff?: StaffLookup }> {
  const {
    ringostatBaseUrl,
    phoneDirectory = true,
    forwarding: forwardingTuning,
    transcriptOrigins,
    ...processingTuning
  } = tuning;
  const matching =
    dataverse && phoneDirectory && !tuning.contacts
      ? createContactMatchingFromConfig(
          { ...core.config, dataverse },
          {
            clock: core.clock,
            logger: core.logger.child({ component: 'phone-directory' }),
            registry: core.registry,
          },
        )
      : undefined;
  await matching?.start();
  const callIdGuard = createCallIdGuard({
    store: createSqliteCallIdStore({ file: join(core.config.dataDir, CALL_ID_FILE) }),
    clock: core.clock,
    registry: core.registry,
    log: core.logger.child({ component: 'call-id-guard' }),
  });
  const ringostat = createRingostatSide({
    callIdGuard,
    config: { ...core.config, ...(dataverse ? { dataverse } : {}) },
    inbox: core.inbox,
    registry: core.registry,
    clock: core.clock,
    log: core.logger.child({ component: 'ringostat' }),
    ...(core.config.dataverseAppId ? { appId: core.config.dataverseAppId } : {}),
    ...(ringostatBaseUrl ? { baseUrl: ringostatBaseUrl } : {}),
  });
  const contactBook = ringostat.contactBook;
  // Forwarding answers from the phone directory, the Ringostat staff directory and its own local copy
  // (docs/adr/0130–0134, 0110).
  const forwarding = forwardingForReceiver(core, dataverse, {
    ...(matching ? { directory: matching.directory } : {}),
    ...(ringostat.staff ? { extensions: ringostat.staff } : {}),
    ...(forwardingTuning ? { tuning: forwardingTuning } : {}),
  });
  await forwarding.start();

  let processing: Processing | undefined;
  if (dataverse) {
    processing = await startProcessing({
      dataverse,
      overrides: core.config.ringoOverrides,
      inbox: core.inbox,
      writes: core.writer,
      logger: core.logger,
      clock: core.clock,
      registry: core.registry,
      ...(matching ? { contacts: matching.contacts } : {}),
      ...(contactBook ? { onContactResolved: (contact) => contactBook.onContactResolved(contact) } : {}),
      ...(ringostat.staff ? { staff: ringostat.staff } : {}),
      ...(transcriptOrigins ? { transcriptOrigins } : {}),
      ...processingTuning,
      worker: { concurrency: core.config.workerConcurrency, ...processingTuning.worker },
    });
  }
  const admin = createAdminRoutes({
    inbox: core.inbox,
    clock: core.clock,
    ...(processing ? { onRequeue: processing.wake } : {}),
    ...(matching ? { ambiguousNumbers: matching.directory.ambiguous } : {}),
  });
  const readiness = processing ? combine(processing.readiness, matching?.readiness) : undefined;
  return {
    adminRoutes: [
      admin,
      ringostat.adminRoutes,
      callIdAdminRoutes(callIdGuard),
      forwardingAdminRoutes(forwarding),
    ],
    forwarding,
    callIdGuard,
    ...(readiness && processing ? { readiness, processing, onAccepted: processing.wake } : {}),
    // extensionForUser(systemuserid) for call forwarding (owner → Ringostat extension).
    ...(ringostat.staff ? { staff: ringostat.staff } : {}),
    onClose: async () => {
      await processing?.stop();
      await ringostat.close();
      await forwarding.stop();
      await matching?.stop();
      callIdGuard.close();
    },
  };
}

function combine(
  first: () => Promise<Readiness>,
  second: (() => Promise<Readiness>) | undefined,
): () => Promise<Readiness> {
  if (!second) return first;
  return async () => {
    const [a, b] = await Promise.all([first(), second()]);
    return { ready: a.ready && b.ready, checks: { ...a.checks, ...b.checks } };
  };
}
