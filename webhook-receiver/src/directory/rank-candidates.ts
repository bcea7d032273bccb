import type { ContactCandidate } from '../domain/contact-directory';

/**
 * The ambiguity rule of DESIGN.md §5, as an order: active contacts first, then the most recently
 * modified, then the contact id (so two equal candidates still come out the same way every time).
 * The first candidate is the one a call is logged against; the receiver never creates another.
 */
export function rankCandidates(candidates: readonly ContactCandidate[]): ContactCandidate[] {
  return [...candidates].sort(
    (a, b) =>
      Number(a.statecode !== 0) - Number(b.statecode !== 0) ||
      compareDesc(timeOf(a.modifiedon), timeOf(b.modifiedon)) ||
      a.contactid.localeCompare(b.contactid),
  );
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function compareDesc(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
