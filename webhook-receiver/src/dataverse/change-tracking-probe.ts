import type { WebApiClient } from './web-api-client';

/**
 * Is change tracking on for contact? The phone directory stays fresh only through change-tracking
 * deltas (docs/adr/0040-local-phone-directory.md); without it contacts are looked up by query. The
 * solution cannot switch it on: contact is a shell root component (behavior 2) and a shell carries no
 * table properties (docs/adr/0093-contact-change-tracking-is-checked-not-shipped.md), so the receiver
 * asks at start and explains in the log and on /readyz. Microsoft Learn, "Use change tracking to
 * synchronize data with external systems": EntityMetadata.ChangeTrackingEnabled.
 */
export const CHANGE_TRACKING_STATES = ['on', 'off', 'unknown'] as const;
export type ChangeTrackingState = (typeof CHANGE_TRACKING_STATES)[number];

export async function readContactChangeTracking(client: WebApiClient): Promise<ChangeTrackingState> {
  const definition = await client.run('read-contact-change-tracking', (api) =>
    api.retrieve<{ ChangeTrackingEnabled?: boolean }>({
      collection: 'EntityDefinitions',
      key: "LogicalName='contact'",
      select: ['ChangeTrackingEnabled'],
    }),
  );
  return definition.ChangeTrackingEnabled === true ? 'on' : 'off';
}

/** What an admin reads in the log and on /readyz when change tracking is off. */
export const CHANGE_TRACKING_OFF_HINT =
  'change tracking is off for the Contact table, so the phone directory cannot stay fresh and every call looks its contact up by query; ' +
  'switch on Track changes for Contact (make.powerapps.com → Tables → Contact → Properties → Advanced options), see docs/admin-guide.md';
