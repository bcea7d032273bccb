import type { ContactCandidate } from './contact-directory';

/**
 * DESIGN.md §5 "Several contacts with one number": pick one deterministically — active first, then
 * the most recently modified; the contact id breaks a remaining tie so every run picks the same one.
 * Never a reason to create another contact.
 */
export interface ContactPick {
  contact: ContactCandidate;
  /** More than one contact holds the number: worth a log line for the CRM admin. */
  ambiguous: boolean;
  candidates: number;
}

export function pickContact(candidates: readonly ContactCandidate[]): ContactPick | undefined {
  const unique = [...new Map(candidates.map((c) => [c.contactid.toLowerCase(), c])).values()];
  const [first] = [...unique].sort(compare);
  if (!first) return undefined;
  return { contact: first, ambiguous: unique.length > 1, candidates: unique.length };
}

function compare(a: ContactCandidate, b: ContactCandidate): number {
  const active = Number(a.statecode !== 0) - Number(b.statecode !== 0);
  if (active !== 0) return active;
  const modified = timeOf(b.modifiedon) - timeOf(a.modifiedon);
  if (modified !== 0) return modified;
  return a.contactid.toLowerCase() < b.contactid.toLowerCase() ? -1 : 1;
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  // An unreadable date sorts last (the earliest representable instant), never as NaN.
  return Number.isNaN(t) ? -8.64e15 : t;
}
