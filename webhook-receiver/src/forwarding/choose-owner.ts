import type { ContactCandidate } from '../domain/contact-directory';
import { rankCandidates } from '../directory/rank-candidates';
import type { AmbiguousRule } from './forwarding-settings';

/**
 * Which CRM user is the caller's responsible manager (docs/adr/0132-who-is-the-responsible-manager.md).
 * Pure. Only active contacts count when the number has any (an old, deactivated duplicate does not make
 * a number ambiguous); the rest follows the ambiguity setting. The owner must be a user — a team has no
 * phone — and not the default owner, who owns every contact nobody assigned.
 */
export type OwnerChoice =
  | { kind: 'owner'; ownerid: string; contactid: string }
  | { kind: 'new' | 'ambiguous' | 'unowned' | 'team'; contactid?: string };

export function chooseOwner(
  candidates: readonly ContactCandidate[],
  rule: AmbiguousRule,
  defaultOwnerId: string | undefined,
): OwnerChoice {
  const unique = [...new Map(candidates.map((c) => [c.contactid.toLowerCase(), c])).values()];
  const active = unique.filter((c) => c.statecode === 0);
  const pool = rankCandidates(active.length > 0 ? active : unique);
  const [first] = pool;
  if (!first) return { kind: 'new' };
  if (pool.length > 1 && rule !== 'first') {
    const owners = new Set(pool.map((c) => `${c.ownerType ?? ''}:${c.ownerid?.toLowerCase() ?? ''}`));
    if (rule === 'no-redirect' || owners.size > 1) return { kind: 'ambiguous' };
  }
  const ownerid = first.ownerid?.toLowerCase();
  if (!ownerid || ownerid === defaultOwnerId?.toLowerCase()) {
    return { kind: 'unowned', contactid: first.contactid };
  }
  if (first.ownerType === 'team') return { kind: 'team', contactid: first.contactid };
  return { kind: 'owner', ownerid, contactid: first.contactid };
}
