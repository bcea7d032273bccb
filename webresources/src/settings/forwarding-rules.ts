import {
  resolveForwardingSettings,
  type ForwardingVariable,
} from '../../../webhook-receiver/src/forwarding/forwarding-settings';
import { isRecordingHost, splitRecordingHosts } from '../shared/recording-hosts';
import type { TextKey } from '../shared/texts';

/**
 * What the receiver accepts in the forwarding and recording-host variables, checked on the settings page
 * before saving (docs/adr/0145). The forwarding rules are judged by the receiver's own pure parser
 * (webhook-receiver/src/forwarding/forwarding-settings.ts: working hours, destinations, on/off spellings),
 * bundled into the page, so the page and the receiver can never disagree. The receiver stays the judge of
 * what it cannot know here (the Ringostat time zone, which staff IDs exist).
 */
const MESSAGES: Readonly<Record<ForwardingVariable, TextKey>> = {
  ringo_ForwardingEnabled: 'errChoice',
  ringo_ForwardingHours: 'errForwardingHours',
  ringo_ForwardingAmbiguous: 'errChoice',
  ringo_ForwardingExtensions: 'errExtensions',
};

export function forwardingRule(name: ForwardingVariable): (value: string) => TextKey | null {
  return (value) =>
    // The zone only matters when hours are applied to a call, never to their syntax.
    resolveForwardingSettings({ dataverse: { [name]: value }, overrides: {}, timeZone: 'UTC' }).ok
      ? null
      : MESSAGES[name];
}

/** Every entry must be one the player will use: recording-hosts.ts silently drops anything else. */
export function recordingHosts(value: string): TextKey | null {
  return splitRecordingHosts(value).every(isRecordingHost) ? null : 'errHosts';
}
