/**
 * What deleting a row does to rows that point at it, for the relationships of the tables the emulator
 * models (CascadeConfiguration.Delete: Cascade, RemoveLink or Restrict — Learn,
 * configure-entity-relationship-cascading-behavior.md). Activities are parental to their regarding
 * record and to their parties; a contact's parent customer link is removed; an activity party whose
 * party is deleted stays on the activity, flagged `ispartydeleted` (reference/entities/activityparty.md).
 */
export type CascadeAction = 'cascade' | 'remove-link' | 'mark-party-deleted';

export interface CascadeRule {
  /** The table whose rows point at the deleted row. */
  entity: string;
  /** Their lookup column that points at it. */
  lookup: string;
  action: CascadeAction;
}

export const CASCADE_ON_DELETE: Readonly<Record<string, readonly CascadeRule[]>> = {
  contact: [
    { entity: 'phonecall', lookup: 'regardingobjectid', action: 'cascade' },
    { entity: 'contact', lookup: 'parentcustomerid', action: 'remove-link' },
    { entity: 'activityparty', lookup: 'partyid', action: 'mark-party-deleted' },
  ],
  phonecall: [
    { entity: 'activityparty', lookup: 'activityid', action: 'cascade' },
    // annotation.md, relationship PhoneCall_Annotation: CascadeConfiguration Delete: Cascade.
    { entity: 'annotation', lookup: 'objectid', action: 'cascade' },
  ],
  systemuser: [{ entity: 'activityparty', lookup: 'partyid', action: 'mark-party-deleted' }],
  customapi: [{ entity: 'customapirequestparameter', lookup: 'customapiid', action: 'cascade' }],
  environmentvariabledefinition: [
    { entity: 'environmentvariablevalue', lookup: 'environmentvariabledefinitionid', action: 'cascade' },
  ],
};
