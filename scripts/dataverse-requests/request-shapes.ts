/**
 * Every request shape the product sends to Dataverse, each with the Microsoft Learn page that documents
 * it. docs/dataverse-requests.md is generated from this list and from the requests the receiver's own
 * code really sends against the emulator; a test fails when the product sends a request no shape here
 * matches, or when a shape here is never sent (tests/integration/docs/dataverse-requests.test.ts).
 */
import { AI_NOTE_SHAPES, CRM_USER_SHAPES } from './receiver-shapes';
import {
  page,
  CREATE,
  BATCH,
  UPDATE,
  CONDITIONAL,
  RETRIEVE,
  QUERY,
  PAGING,
  ANNOTATIONS,
  TRACKING,
  METADATA,
  KEYS,
  LIMITS,
  ACTIONS,
  EVENTS,
  PHONECALL,
  ENV_VALUE,
  ALM,
  is,
  has,
  filter,
  keys,
  ID,
  type RequestShape,
  type WireRequest,
} from './shape-kit';

export type { RequestShape, WireRequest } from './shape-kit';

export const REQUEST_SHAPES: readonly RequestShape[] = [
  {
    id: 'batch-changeset',
    title: 'One atomic change set per call event',
    sentBy: 'worker (gateway)',
    learn: [BATCH],
    match: (r) => is(r, 'POST', /^\$batch$/),
    example: (r) => (r.parts?.length ?? 0) >= 4,
  },
  {
    id: 'create-contact',
    title: 'Create a contact for an unknown number, with its id and owner',
    sentBy: 'worker (gateway): before-call, and first in a call changeset',
    learn: [
      CREATE,
      page('Associate table rows on create', 'webapi/create-entity-web-api#associate-table-rows-on-create'),
    ],
    match: (r) =>
      is(r, 'POST', /^contacts$/) && keys(r).includes('contactid') && keys(r).includes('ownerid@odata.bind'),
  },
  {
    id: 'create-phonecall',
    title: 'Create the phone call with its deterministic id and its parties (deep insert)',
    sentBy: 'worker (gateway), in the call changeset',
    learn: [
      page(
        'Create related table rows in one operation',
        'webapi/create-entity-web-api#create-related-table-rows-in-one-operation',
      ),
      BATCH,
    ],
    match: (r) =>
      is(r, 'POST', /^phonecalls$/) &&
      r.inChangeset &&
      keys(r).includes('activityid') &&
      keys(r).includes('phonecall_activity_parties'),
  },
  {
    id: 'close-phonecall-by-content-id',
    title: 'Close the phone call just created (Content-ID reference), create prevented',
    sentBy: 'worker (gateway), in the call changeset',
    learn: [BATCH, PHONECALL, CONDITIONAL],
    match: (r) =>
      is(r, 'PATCH', /^\$\d+$/) &&
      r.headers['if-match'] === '*' &&
      keys(r).sort().join() === 'statecode,statuscode',
  },
  {
    id: 'raise-business-event',
    title: 'Raise the business event ringo_OnCallLogged (custom API, unbound action)',
    sentBy: 'worker (gateway), last in the call changeset',
    learn: [ACTIONS, EVENTS],
    match: (r) => is(r, 'POST', /^ringo_OnCallLogged$/) && r.inChangeset,
  },
  {
    id: 'read-phonecall-by-id',
    title: 'Read a logged call by its primary key (after a duplicate-key refusal)',
    sentBy: 'worker (gateway)',
    learn: [RETRIEVE],
    match: (r) => is(r, 'GET', new RegExp(`^phonecalls\\(${ID}\\)$`)) && has(r, '$select'),
  },
  {
    id: 'find-phonecall-by-callid',
    title: 'Find a call some other client logged under another id, by ringo_callid',
    sentBy: 'worker (gateway)',
    learn: [QUERY, page('Filter rows', 'webapi/query/filter-rows')],
    match: (r) =>
      is(r, 'GET', /^phonecalls$/) && /^ringo_callid eq '/.test(filter(r)) && r.query.$top === '1',
  },
  ...AI_NOTE_SHAPES,
  {
    id: 'update-phonecall',
    title: 'Update the changed columns of an open call (or close it), create prevented',
    sentBy: 'worker (gateway), in its own change set',
    learn: [UPDATE, CONDITIONAL, PHONECALL],
    match: (r) =>
      is(r, 'PATCH', new RegExp(`^phonecalls\\(${ID}\\)$`)) && r.inChangeset && r.headers['if-match'] === '*',
  },
  {
    id: 'find-contacts-by-phone',
    title: "Find the contacts holding a number (six phone columns, the number's stored spellings)",
    sentBy: 'worker (contact lookup by query)',
    learn: [QUERY, ANNOTATIONS],
    match: (r) => is(r, 'GET', /^contacts$/) && /^telephone1 eq '/.test(filter(r)) && r.query.$top === '50',
  },
  {
    id: 'contacts-full-sync',
    title: 'Read every contact with change tracking (phone directory)',
    sentBy: 'phone directory',
    learn: [TRACKING, PAGING, ANNOTATIONS],
    match: (r) =>
      is(r, 'GET', /^contacts$/) &&
      /odata\.track-changes/.test(r.headers.prefer ?? '') &&
      !has(r, '$deltatoken') &&
      !has(r, '$skiptoken'),
  },
  {
    id: 'contacts-delta',
    title: 'Read what changed since the last delta link (phone directory)',
    sentBy: 'phone directory',
    learn: [TRACKING],
    match: (r) => is(r, 'GET', /^contacts$/) && has(r, '$deltatoken'),
  },
  {
    id: 'contact-book-page',
    title: 'Read the active contacts a page at a time, with their count',
    sentBy: 'Ringostat contact-book sync',
    learn: [PAGING, page('Count rows', 'webapi/query/count-rows')],
    match: (r) =>
      is(r, 'GET', /^contacts$/) &&
      filter(r) === 'statecode eq 0' &&
      r.query.$count === 'true' &&
      !has(r, '$skiptoken'),
  },
  {
    id: 'follow-next-link',
    title: 'Follow @odata.nextLink unmodified, with the same page size',
    sentBy: 'contact-book sync, phone directory, CRM user preload',
    learn: [PAGING],
    match: (r) => r.method === 'GET' && has(r, '$skiptoken'),
  },
  {
    id: 'read-contact-by-id',
    title: 'Read one contact by id',
    sentBy: 'Ringostat contact-book sync',
    learn: [RETRIEVE],
    match: (r) => is(r, 'GET', new RegExp(`^contacts\\(${ID}\\)$`)) && has(r, '$select'),
  },
  {
    id: 'preload-users',
    title: 'Read every enabled CRM user with a Ringostat staff id',
    sentBy: 'worker (user directory)',
    learn: [QUERY, PAGING],
    match: (r) =>
      is(r, 'GET', /^systemusers$/) &&
      /^ringo_ringostatstaffid ne null/.test(filter(r)) &&
      !has(r, '$skiptoken'),
  },
  {
    id: 'find-user',
    title: 'Find the CRM user of a Ringostat employee (staff id, else e-mail)',
    sentBy: 'worker (user directory)',
    learn: [QUERY],
    match: (r) =>
      is(r, 'GET', /^systemusers$/) &&
      /^\(ringo_ringostatstaffid eq |^\(internalemailaddress eq /.test(filter(r)),
  },
  ...CRM_USER_SHAPES,
  {
    id: 'read-default-owner',
    title: 'Check the default owner exists and is enabled',
    sentBy: 'settings',
    learn: [RETRIEVE],
    match: (r) => is(r, 'GET', new RegExp(`^systemusers\\(${ID}\\)$`)) && r.query.$select === 'isdisabled',
  },
  {
    id: 'read-settings',
    title: "Read the solution's environment variables with their current values",
    sentBy: 'settings',
    learn: [
      QUERY,
      page('Join tables ($expand of a collection-valued navigation property)', 'webapi/query/join-tables'),
    ],
    match: (r) => is(r, 'GET', /^environmentvariabledefinitions$/) && has(r, '$expand'),
  },
  {
    id: 'who-am-i',
    title: 'WhoAmI: the application user, and the recommended parallelism in x-ms-dop-hint',
    sentBy: 'settings, /readyz, request limiter',
    learn: [page('WhoAmI function', 'webapi/reference/whoami'), LIMITS],
    match: (r) => r.method === 'GET' && /^WhoAmI(\(\))?$/.test(r.path),
  },
  {
    id: 'read-phonecall-keys',
    title: "Read phonecall's alternate keys and their index status",
    sentBy: 'worker (key probe), /readyz',
    learn: [METADATA, KEYS],
    match: (r) =>
      is(r, 'GET', /^EntityDefinitions\(LogicalName='phonecall'\)$/) && /^Keys\(/.test(r.query.$expand ?? ''),
  },
  {
    id: 'read-contact-change-tracking',
    title: 'Is change tracking on for contact?',
    sentBy: 'worker (start-up check), phone directory',
    learn: [TRACKING, METADATA],
    match: (r) =>
      is(r, 'GET', /^EntityDefinitions\(LogicalName='contact'\)$/) &&
      r.query.$select === 'ChangeTrackingEnabled',
  },
  {
    id: 'import-solution-async',
    title: 'Import the solution asynchronously, with environment variable values',
    sentBy: 'npm run deploy',
    learn: [ALM('Staged, asynchronous import (ImportSolutionAsync)', 'solution-async')],
    match: (r) => is(r, 'POST', /^ImportSolutionAsync$/),
  },
  {
    id: 'poll-async-operation',
    title: 'Poll the import until it completes',
    sentBy: 'npm run deploy',
    learn: [ALM('Staged, asynchronous import (ImportSolutionAsync)', 'solution-async')],
    match: (r) => is(r, 'GET', new RegExp(`^asyncoperations\\(${ID}\\)$`)),
  },
  {
    id: 'publish-all',
    title: 'Publish all customizations',
    sentBy: 'npm run deploy',
    learn: [page('PublishAllXml action', 'webapi/reference/publishallxml')],
    match: (r) => is(r, 'POST', /^PublishAllXml$/),
  },
  {
    id: 'find-variable-definition',
    title: 'Find an environment variable definition by schema name',
    sentBy: 'npm run deploy',
    learn: [QUERY],
    match: (r) => is(r, 'GET', /^environmentvariabledefinitions$/) && /^schemaname eq '/.test(filter(r)),
  },
  {
    id: 'find-variable-value',
    title: "Find an environment variable's current value row",
    sentBy: 'npm run deploy',
    learn: [QUERY, ENV_VALUE],
    match: (r) =>
      is(r, 'GET', /^environmentvariablevalues$/) &&
      /^_environmentvariabledefinitionid_value eq /.test(filter(r)),
  },
  {
    id: 'create-variable-value',
    title: 'Create an environment variable value bound to its definition',
    sentBy: 'npm run deploy',
    learn: [CREATE, ENV_VALUE],
    match: (r) =>
      is(r, 'POST', /^environmentvariablevalues$/) &&
      keys(r).includes('EnvironmentVariableDefinitionId@odata.bind'),
  },
  {
    id: 'update-variable-value',
    title: 'Change an environment variable value',
    sentBy: 'npm run deploy',
    learn: [UPDATE, ENV_VALUE],
    match: (r) =>
      is(r, 'PATCH', new RegExp(`^environmentvariablevalues\\(${ID}\\)$`)) && keys(r).join() === 'value',
  },
  {
    id: 'delete-test-record',
    title: 'Delete the test phone calls and contacts',
    sentBy: 'npm run verify-org (clean-up only; the receiver never deletes)',
    learn: [page('Basic delete', 'webapi/update-delete-entities-using-web-api#basic-delete')],
    match: (r) => r.method === 'DELETE' && new RegExp(`^(phonecalls|contacts)\\(${ID}\\)$`).test(r.path),
  },
];

export function shapeOf(request: WireRequest): RequestShape | undefined {
  return REQUEST_SHAPES.find((shape) => shape.match(request));
}
