import type { CallPlan, NewContactFields, OwnerRef, PartyRef, PhoneCallStep } from '../domain/call-plan';

/**
 * Web API bodies for a CallPlan, each a shape Microsoft Learn documents (docs/dataverse-requests.md):
 * - `POST phonecalls` with the deterministic `activityid`, every column, `ownerid@odata.bind` to
 *   /systemusers or /teams, `regardingobjectid_contact_phonecall@odata.bind` (the entity-suffixed
 *   single-valued navigation property, as in webapi/execute-batch-operations-using-web-api) and the
 *   parties as a deep insert of `phonecall_activity_parties` (webapi/create-entity-web-api, "Create
 *   related table rows in one operation") with participationtypemask 1 (Sender → Call From) and
 *   2 (ToRecipient → Call To) (activityparty-entity).
 * - Content-ID references (`$1`) appear only in top-level binds, where execute-batch-operations-using-
 *   web-api documents them; a party inside the deep insert names its contact by URL — the contact's id
 *   is the one the receiver gave it, even when it is created earlier in the same changeset.
 */
type Body = Record<string, unknown>;

const PARTY_MASK = { from: 1, to: 2 } as const;

/** How the call's contact is referenced: `bind` for top-level binds, `url` inside the deep insert. */
export interface ContactRef {
  bind: string;
  url: string;
}

export function contactRef(contactId: string, createdInThisChangeset: boolean): ContactRef {
  const url = `/contacts(${contactId})`;
  return { bind: createdInThisChangeset ? '$1' : url, url };
}

export function ownerBind(owner: OwnerRef): string {
  return `/${owner.type === 'team' ? 'teams' : 'systemusers'}(${owner.id})`;
}

export function newContactBody(contactid: string, fields: NewContactFields, owner: OwnerRef): Body {
  return { contactid, ...fields, 'ownerid@odata.bind': ownerBind(owner) };
}

export const REGARDING_CONTACT_BIND = 'regardingobjectid_contact_phonecall@odata.bind';

/** A new phone call: its deterministic id, every column, owner, regarding and parties (set once, on create). */
export function phoneCallCreateBody(step: PhoneCallStep, contact: ContactRef | undefined): Body {
  const parties = [
    ...step.from.map((party) => partyBody(party, PARTY_MASK.from, contact)),
    ...step.to.map((party) => partyBody(party, PARTY_MASK.to, contact)),
  ].filter((party): party is Body => party !== undefined);
  return {
    activityid: step.activityid,
    ...step.fields,
    'ownerid@odata.bind': ownerBind(step.owner),
    ...(step.regardingContact && contact ? { [REGARDING_CONTACT_BIND]: contact.bind } : {}),
    phonecall_activity_parties: parties,
  };
}

function partyBody(party: PartyRef, mask: number, contact: ContactRef | undefined): Body | undefined {
  if (party.kind === 'systemuser') {
    return { participationtypemask: mask, 'partyid_systemuser@odata.bind': `/systemusers(${party.id})` };
  }
  return contact ? { participationtypemask: mask, 'partyid_contact@odata.bind': contact.url } : undefined;
}

/** Request parameters of ringo_OnCallLogged (solution/customapis/ringo_OnCallLogged). */
export function onCallLoggedBody(plan: CallPlan, phoneCallId: string, contactId: string | undefined): Body {
  return {
    ...plan.onCallLogged,
    PhoneCallId: phoneCallId,
    ...(contactId ? { ContactId: contactId } : {}),
  };
}
