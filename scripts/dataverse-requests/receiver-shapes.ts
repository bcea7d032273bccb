import {
  BATCH,
  CONDITIONAL,
  CREATE,
  ID,
  PAGING,
  PHONECALL,
  QUERY,
  RETRIEVE,
  UPDATE,
  filter,
  has,
  is,
  keys,
  page,
  type RequestShape,
} from './shape-kit';

/**
 * The AI analysis writes (docs/adr/0140-ai-analysis-writes-in-documented-shapes.md) and the systemuser
 * reads of the staff directory and forwarding. They sit before `update-phonecall` in the list: the first
 * matching shape names a request.
 */
const NOTE = page('Note (annotation) table reference', 'reference/entities/annotation');
const SYSTEMUSER = page('User (systemuser) table reference', 'reference/entities/systemuser');
const ASSOCIATE_ON_CREATE = page(
  'Associate table rows on create',
  'webapi/create-entity-web-api#associate-table-rows-on-create',
);
const PHONECALL_ID = new RegExp(`^phonecalls\\(${ID}\\)$`);

export const AI_NOTE_SHAPES: readonly RequestShape[] = [
  {
    id: 'read-note-by-id',
    title: "Does the call's AI note exist? (its deterministic id)",
    sentBy: 'worker (AI analysis)',
    learn: [RETRIEVE, NOTE],
    match: (r) => is(r, 'GET', new RegExp(`^annotations\\(${ID}\\)$`)) && r.query.$select === 'annotationid',
  },
  {
    id: 'reopen-phonecall',
    title: 'Reopen a completed call for the AI analysis (statecode 0 with its statuscode), create prevented',
    sentBy: 'worker (AI analysis), first in its change set',
    learn: [PHONECALL, UPDATE, CONDITIONAL],
    match: (r) =>
      is(r, 'PATCH', PHONECALL_ID) &&
      r.inChangeset &&
      r.headers['if-match'] === '*' &&
      r.body?.statecode === 0 &&
      keys(r).sort().join() === 'statecode,statuscode',
  },
  {
    id: 'write-ai-columns',
    title: 'Write the ringo_ai* columns, create prevented',
    sentBy: 'worker (AI analysis), in its change set',
    learn: [UPDATE, CONDITIONAL],
    match: (r) =>
      is(r, 'PATCH', PHONECALL_ID) &&
      r.inChangeset &&
      r.headers['if-match'] === '*' &&
      keys(r).length > 0 &&
      keys(r).every((k) => k.startsWith('ringo_ai')),
  },
  {
    id: 'create-note',
    title: 'Create the AI note with its deterministic id, bound to the phone call, the .vtt attached',
    sentBy: 'worker (AI analysis), in its change set; a repeat is refused as DuplicateRecord',
    learn: [CREATE, ASSOCIATE_ON_CREATE, NOTE, BATCH],
    match: (r) =>
      is(r, 'POST', /^annotations$/) &&
      r.inChangeset &&
      keys(r).includes('annotationid') &&
      keys(r).includes('objectid_phonecall@odata.bind'),
  },
];

export const CRM_USER_SHAPES: readonly RequestShape[] = [
  {
    id: 'list-crm-users',
    title: 'Read every enabled CRM user with e-mail and staff id (staff directory)',
    sentBy: 'staff directory',
    learn: [QUERY, PAGING, SYSTEMUSER],
    match: (r) =>
      is(r, 'GET', /^systemusers$/) && filter(r) === 'isdisabled eq false' && !has(r, '$skiptoken'),
  },
  {
    id: 'forwarding-users',
    title: "Read every CRM user's staff id and whether it is disabled (forwarding's local copy)",
    sentBy: 'forwarding (background refresh)',
    learn: [QUERY, PAGING, SYSTEMUSER],
    match: (r) =>
      is(r, 'GET', /^systemusers$/) &&
      !has(r, '$filter') &&
      !has(r, '$skiptoken') &&
      r.query.$select === 'systemuserid,isdisabled,ringo_ringostatstaffid',
  },
];
