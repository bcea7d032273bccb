import { auditColumns, col } from './column-builders';
import type { AttributeMeta, CollectionNav, EntityMeta } from './metadata-types';
import { platformTableSpecs } from './platform-tables';

/**
 * Microsoft's tables the product touches, with the column names, types and lengths of the Learn table
 * references (powerapps-docs/developer/data-platform/reference/entities/{contact,phonecall,activityparty,annotation,
 * environmentvariabledefinition}.md, custom-api-tables.md, asyncoperation/importjob/solution references).
 * Only the columns the product reads or writes are listed; anything else is refused as unknown.
 */
export interface TableSpec {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  isActivity?: boolean;
  userOwned?: boolean;
  changeTracking?: boolean;
  columns: AttributeMeta[];
  collections?: CollectionNav[];
  navAliases?: Record<string, string>;
  closedStates?: number[];
}

const phone = (name: string) => col.text(name, 50);
const activeInactive = [
  col.state({ 0: 'Active', 1: 'Inactive' }),
  col.status({ 1: ['Active', 0], 2: ['Inactive', 1] }),
];

const specs: TableSpec[] = [
  {
    logicalName: 'contact',
    schemaName: 'Contact',
    entitySetName: 'contacts',
    primaryId: 'contactid',
    primaryName: 'fullname',
    userOwned: true,
    changeTracking: true,
    columns: [
      col.id('contactid'),
      col.text('firstname', 50),
      col.text('middlename', 50),
      col.text('lastname', 50),
      // Learn contact.md: fullname is read-only and "Combines and shows the contact's first and last names".
      col.readOnly('fullname', 'string', 160),
      col.text('emailaddress1', 100),
      col.text('emailaddress2', 100),
      ...['telephone1', 'telephone2', 'telephone3', 'mobilephone', 'business2', 'home2'].map(phone),
      ...['assistantphone', 'managerphone', 'fax', 'pager'].map(phone),
      col.text('jobtitle', 100),
      col.memo('description', 2000),
      { ...col.polymorphic('parentcustomerid', ['contact']), type: 'customer' },
      col.owner(),
      ...activeInactive,
      ...auditColumns(),
    ],
    collections: [{ name: 'Contact_Phonecalls', entity: 'phonecall', lookup: 'regardingobjectid' }],
  },
  {
    logicalName: 'systemuser',
    schemaName: 'SystemUser',
    entitySetName: 'systemusers',
    primaryId: 'systemuserid',
    primaryName: 'fullname',
    columns: [
      col.id('systemuserid'),
      col.text('firstname', 64),
      col.text('lastname', 64),
      col.readOnly('fullname', 'string', 200),
      col.text('internalemailaddress', 100),
      col.text('domainname', 1024),
      col.text('mobilephone', 64),
      col.text('address1_telephone1', 64),
      col.text('title', 128),
      col.bool('isdisabled'),
      col.guid('applicationid'),
      col.guid('azureactivedirectoryobjectid'),
      ...auditColumns(),
    ],
  },
  {
    logicalName: 'team',
    schemaName: 'Team',
    entitySetName: 'teams',
    primaryId: 'teamid',
    primaryName: 'name',
    columns: [
      col.id('teamid'),
      col.text('name', 160),
      col.choice('teamtype', { 0: 'Owner', 1: 'Access', 2: 'Security Group', 3: 'Office Group' }),
      ...auditColumns(),
    ],
  },
  {
    logicalName: 'phonecall',
    schemaName: 'PhoneCall',
    entitySetName: 'phonecalls',
    primaryId: 'activityid',
    primaryName: 'subject',
    isActivity: true,
    userOwned: true,
    // phonecall.md statecode: "Completed/Canceled phone calls are read-only and can't be edited".
    closedStates: [1, 2],
    columns: [
      col.id('activityid'),
      col.text('subject', 200),
      col.text('phonenumber', 200),
      col.bool('directioncode'),
      col.date('actualstart'),
      col.date('actualend'),
      col.int('actualdurationminutes'),
      col.date('scheduledstart'),
      col.date('scheduledend'),
      col.int('scheduleddurationminutes'),
      col.memo('description', 2000),
      col.text('category', 250),
      col.text('subcategory', 250),
      col.bool('leftvoicemail'),
      col.choice('prioritycode', { 0: 'Low', 1: 'Normal', 2: 'High' }),
      col.polymorphic('regardingobjectid', ['contact']),
      col.readOnly('activitytypecode', 'entityname'),
      col.owner(),
      col.state({ 0: 'Open', 1: 'Completed', 2: 'Canceled' }),
      col.status({ 1: ['Open', 0], 2: ['Made', 1], 3: ['Canceled', 2], 4: ['Received', 1] }),
      ...auditColumns(),
    ],
    collections: [{ name: 'phonecall_activity_parties', entity: 'activityparty', lookup: 'activityid' }],
  },
  {
    logicalName: 'activityparty',
    schemaName: 'ActivityParty',
    entitySetName: 'activityparties',
    primaryId: 'activitypartyid',
    primaryName: 'partyid',
    columns: [
      col.id('activitypartyid'),
      col.polymorphic('activityid', ['phonecall']),
      col.polymorphic('partyid', ['contact', 'systemuser']),
      // activityparty-entity.md: participationtypemask 1 Sender … 13 Related.
      col.choice('participationtypemask', {
        1: 'Sender',
        2: 'To Recipient',
        3: 'CC Recipient',
        4: 'BCC Recipient',
        5: 'Required attendee',
        6: 'Optional attendee',
        7: 'Organizer',
        8: 'Regarding',
        9: 'Owner',
        10: 'Resource',
        11: 'Customer',
        12: 'Chat Participant',
        13: 'Related',
      }),
      col.text('addressused', 320),
      col.readOnly('ispartydeleted', 'boolean'),
      col.readOnly('versionnumber', 'bigint'),
    ],
  },
  {
    // annotation.md (Note): subject 500, notetext 100000, filename 255, mimetype 256, documentbody
    // (base64, "Contents of the note's attachment"); objectid is the record the note is attached to — a
    // lookup to many tables, bound only as objectid_<table> (annotation.md, Many-to-One relationships:
    // PhoneCall_Annotation's ReferencingEntityNavigationPropertyName is `objectid_phonecall`).
    logicalName: 'annotation',
    schemaName: 'Annotation',
    entitySetName: 'annotations',
    primaryId: 'annotationid',
    primaryName: 'subject',
    userOwned: true,
    columns: [
      col.id('annotationid'),
      col.text('subject', 500),
      col.memo('notetext', 100000),
      col.text('filename', 255),
      col.text('mimetype', 256),
      col.memo('documentbody', 1073741823),
      col.bool('isdocument'),
      col.readOnly('filesize', 'integer'),
      col.polymorphic('objectid', ['phonecall', 'contact']),
      col.readOnly('objecttypecode', 'entityname'),
      col.owner(),
      ...auditColumns(),
    ],
  },
  ...platformTableSpecs,
];

/** Fresh metadata objects for a new org (callers mutate them when solutions add columns). */
export function standardTables(newId: () => string): EntityMeta[] {
  return specs.map((s) => ({
    logicalName: s.logicalName,
    schemaName: s.schemaName,
    entitySetName: s.entitySetName,
    primaryId: s.primaryId,
    primaryName: s.primaryName,
    isActivity: s.isActivity ?? false,
    userOwned: s.userOwned ?? false,
    changeTracking: s.changeTracking ?? false,
    metadataId: newId(),
    attributes: new Map(s.columns.map((c) => [c.logicalName, { ...c }])),
    keys: [],
    collections: [...(s.collections ?? [])],
    navAliases: { ...(s.navAliases ?? {}) },
    ...(s.closedStates ? { closedStates: s.closedStates } : {}),
  }));
}

/** Defaults Dataverse fills in on create (Learn: directioncode DefaultValue True, prioritycode Normal…). */
export const createDefaults: Record<string, Record<string, unknown>> = {
  phonecall: { directioncode: true, leftvoicemail: false, prioritycode: 1, activitytypecode: 'phonecall' },
  systemuser: { isdisabled: false },
  activityparty: { ispartydeleted: false },
  annotation: { isdocument: false },
};
