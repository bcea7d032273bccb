import type { CallPlan, NewContactFields, OwnerRef, PartyRef, PhoneCallStep } from '../domain/call-plan';

/**
 * Web API bodies for a CallPlan. Binds follow Microsoft Learn: `ownerid@odata.bind` to /systemusers or
 * /teams; `regardingobjectid_contact_phonecall@odata.bind` (the entity-suffixed single-valued navigation
 * property of phonecall, as in developer/data-platform/webapi/execute-batch-operations-using-web-api);
 * parties as a deep insert of `phonecall_activity_parties` with participationtypemask 1 (Sender → Call
 * From) and 2 (ToRecipient → Call To) (developer/data-platform/activityparty-entity).
 *
 * `contact` is how the plan's contact is referenced: `$1` when it is created earlier in the same
 * changeset, `/contacts(<id>)` otherwise, absent when the call has no contact.
 */
type Body = Record<string, unknown>;

const PARTY_MASK = { from: 1, to: 2 } as const;

export function ownerBind(owner: OwnerRef): string {
  return `/${owner.type === 'team' ? 'teams' : 'systemusers'}(${owner.id})`;
}

export function newContactBody(contactid: string, fields: NewContactFields, owner: OwnerRef): Body {
  return { contactid, ...fields, 'ownerid@odata.bind': ownerBind(owner) };
}

/** Columns, owner and regarding: what a write to an existing, still open phone call sends. */
export function phoneCallUpdateBody(step: PhoneCallStep, contact: string | undefined): Body {
  return {
    ...step.fields,
    'ownerid@odata.bind': ownerBind(step.owner),
    ...(step.regardingContact && contact
      ? { 'regardingobjectid_contact_phonecall@odata.bind': contact }
      : {}),
  };
}

/** A new phone call: the update body plus its deterministic id and its parties (set once, on create). */
export function phoneCallCreateBody(step: PhoneCallStep, contact: string | undefined): Body {
  const parties = [
    ...step.from.map((party) => partyBody(party, PARTY_MASK.from, contact)),
    ...step.to.map((party) => partyBody(party, PARTY_MASK.to, contact)),
  ].filter((party): party is Body => party !== undefined);
  return {
    activityid: step.activityid,
    ...phoneCallUpdateBody(step, contact),
    phonecall_activity_parties: parties,
  };
}

function partyBody(party: PartyRef, mask: number, contact: string | undefined): Body | undefined {
  if (party.kind === 'systemuser') {
    return { participationtypemask: mask, 'partyid_systemuser@odata.bind': `/systemusers(${party.id})` };
  }
  return contact ? { participationtypemask: mask, 'partyid_contact@odata.bind': contact } : undefined;
}

/** Request parameters of ringo_OnCallLogged (solution/customapis/ringo_OnCallLogged). */
export function onCallLoggedBody(plan: CallPlan, phoneCallId: string, contactId: string | undefined): Body {
  return {
    ...plan.onCallLogged,
    PhoneCallId: phoneCallId,
    ...(contactId ? { ContactId: contactId } : {}),
  };
}
