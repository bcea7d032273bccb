import type { DataverseConfig } from '../config';
import { requestLimiterFor } from '../dataverse/request-limiter';
import { createTokenProvider } from '../dataverse/token-provider';
import { createWebApiClient } from '../dataverse/web-api-client';
import type { ReceiverCore } from '../start-receiver';
import {
  createForwarding,
  type ForwardingDeps,
  type ForwardingDirectory,
  type ForwardingService,
} from './create-forwarding';
import type { OwnerExtensions } from './owner-extensions';

/**
 * Forwarding from the receiver's configuration (what processing-extension.ts calls): its Dataverse
 * client shares the token cache and the request limiter of the receiver's application user, and numbers
 * are normalised with the same country as the phone directory (RINGO_DEFAULTCOUNTRY, default UA), so a
 * caller's number is looked up exactly as the directory stored it.
 */
export function forwardingForReceiver(
  core: Pick<ReceiverCore, 'config' | 'inbox' | 'clock' | 'logger' | 'registry'>,
  dataverse: DataverseConfig | undefined,
  options: {
    directory?: ForwardingDirectory;
    extensions?: OwnerExtensions;
    tuning?: ForwardingDeps['tuning'];
  } = {},
): ForwardingService {
  const client = dataverse
    ? createWebApiClient({
        url: dataverse.url,
        getToken: createTokenProvider(dataverse),
        limiter: requestLimiterFor(dataverse),
      })
    : undefined;
  return createForwarding({
    dataDir: core.config.dataDir,
    ...(client ? { client } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.extensions ? { extensions: options.extensions } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
    inbox: core.inbox,
    overrides: core.config.ringoOverrides,
    timeZone: core.config.timeZone,
    defaultCountry: core.config.ringoOverrides.ringo_DefaultCountry ?? 'UA',
    deadlineMs: core.config.forwardingDeadlineMs,
    clock: core.clock,
    logger: core.logger,
    registry: core.registry,
  });
}
