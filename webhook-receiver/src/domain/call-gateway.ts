import type { CallPlan } from './call-plan';

/**
 * The write side of Dataverse as the worker sees it: one call, one atomic changeset.
 *
 * Outcomes are return values, not errors (HOUSE-STYLE "expected branches are return values"): a call
 * that is already logged and closed is a success. Failures throw `DataverseError` (../dataverse/).
 */
export const APPLY_OUTCOMES = ['logged', 'already-logged', 'contact-only', 'nothing-to-do'] as const;
export type ApplyOutcome = (typeof APPLY_OUTCOMES)[number];

export interface ApplyResult {
  outcome: ApplyOutcome;
  contactId?: string;
  createdContact: boolean;
  phonecallId?: string;
}

/**
 * Whether Dataverse's ringo_callid alternate key is Active: the second guarantee of one phone call per
 * call id (the deterministic primary key is the first — docs/adr/0090). Reported on /readyz.
 */
export type KeyMode = 'alternate-key' | 'keyless';

export interface CallGateway {
  apply(plan: CallPlan): Promise<ApplyResult>;
  keyMode(): KeyMode;
}

/** One line for the inbox's `outcome` column. */
export function describeResult(result: ApplyResult): string {
  const contact = result.contactId
    ? `contact ${result.contactId}${result.createdContact ? ' created' : ''}`
    : 'no contact';
  switch (result.outcome) {
    case 'logged':
      return `phonecall ${result.phonecallId ?? '?'} logged; ${contact}`;
    case 'already-logged':
      return `phonecall ${result.phonecallId ?? '?'} already logged and closed; left as it is`;
    case 'contact-only':
      return contact;
    case 'nothing-to-do':
      return 'nothing to do: no client number';
  }
}
