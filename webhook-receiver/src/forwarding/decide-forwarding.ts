import type { ContactCandidate } from '../domain/contact-directory';
import { toE164 } from '../domain/phone-number';
import { chooseOwner } from './choose-owner';
import type { ForwardingRequest } from './forwarding-request';
import type { ForwardingSettings } from './forwarding-settings';
import type { ForwardingUsers, OwnerExtensions } from './owner-extensions';
import { isOpen } from './working-hours';

/**
 * One forwarding question → one answer kind (docs/adr/0132). Every kind but `redirect` is answered
 * "no redirect", so Ringostat continues its own forwarding scheme. Reads local state only, through
 * the ports; time comes in as an argument.
 */
export const FORWARDING_KINDS = [
  'redirect',
  'off',
  'not_ready',
  'no_caller',
  'outside_hours',
  'new',
  'ambiguous',
  'unowned',
  'team',
  'disabled_user',
  'no_extension',
  'deadline',
  'error',
  'bad_request',
  'unauthorized',
] as const;
export type ForwardingKind = (typeof FORWARDING_KINDS)[number];

export interface ForwardingPorts {
  settings(): ForwardingSettings;
  /** Contacts holding the number, from the local phone directory; undefined before its first full sync. */
  contacts(e164: string): readonly ContactCandidate[] | undefined;
  users: ForwardingUsers;
  extensions: OwnerExtensions;
  /** The country the phone directory normalised numbers with (ringo_DefaultCountry). */
  defaultCountry: string;
}

export interface ForwardingDecision {
  kind: ForwardingKind;
  destination?: string;
  /** The caller in E.164 (personal data: mask it before logging). */
  caller?: string;
  contactid?: string;
  ownerid?: string;
  detail?: string;
}

export async function decideForwarding(
  request: Pick<ForwardingRequest, 'caller'>,
  ports: ForwardingPorts,
  now: Date,
): Promise<ForwardingDecision> {
  const settings = ports.settings();
  if (!settings.enabled) return { kind: 'off' };
  const caller = request.caller === undefined ? undefined : toE164(request.caller, ports.defaultCountry);
  if (!caller) return { kind: 'no_caller' };
  if (settings.hours && !isOpen(settings.hours, now)) return { kind: 'outside_hours', caller };

  const candidates = ports.contacts(caller);
  if (!candidates) return { kind: 'not_ready', caller, detail: 'the phone directory has not been read yet' };
  const choice = chooseOwner(candidates, settings.ambiguous, settings.defaultOwnerId);
  const contact = choice.contactid ? { contactid: choice.contactid } : {};
  if (choice.kind !== 'owner') return { kind: choice.kind, caller, ...contact };

  const owner = { caller, contactid: choice.contactid, ownerid: choice.ownerid };
  if (!ports.users.loaded())
    return { kind: 'not_ready', ...owner, detail: 'CRM users have not been read yet' };
  if (ports.users.stateOf(choice.ownerid) === 'disabled') return { kind: 'disabled_user', ...owner };
  const destination = await ports.extensions.extensionForUser(choice.ownerid);
  if (!destination) return { kind: 'no_extension', ...owner };
  return { kind: 'redirect', destination, ...owner };
}
