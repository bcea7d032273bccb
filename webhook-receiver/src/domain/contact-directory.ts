/**
 * Where the worker finds the contacts that own a phone number. Two adapters implement it: a
 * query against Dataverse's phone columns, and the local phone directory kept in sync with
 * Dataverse change tracking.
 */
export interface ContactCandidate {
  contactid: string;
  /** 0 Active, 1 Inactive. */
  statecode: number;
  /** ISO 8601; the tie-breaker of the ambiguity rule (DESIGN.md §5). */
  modifiedon: string;
  ownerid?: string;
  ownerType?: 'systemuser' | 'team';
}

export interface ContactDirectory {
  /** Contacts whose phone columns hold this E.164 number, in any state. */
  findByPhone(e164: string): Promise<ContactCandidate[]>;
  /** Called right after the receiver created a contact, so the next lookup finds it at once. */
  remember(contact: ContactCandidate & { phones: string[] }): void;
}
