/**
 * What the request-shape list is made of: the recorded request, a shape, the Microsoft Learn pages the
 * shapes cite, and the matchers they use (request-shapes.ts, receiver-shapes.ts).
 */
export interface WireRequest {
  method: string;
  /** Path after /api/data/v9.2/, decoded, without the query; `$2` for a Content-ID reference. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
  /** A part of a $batch change set. */
  inChangeset: boolean;
  /** The requests of a $batch, in order (each also listed on its own). */
  parts?: WireRequest[];
}

export interface RequestShape {
  id: string;
  title: string;
  /** Which part of the product sends it. */
  sentBy: string;
  learn: ReadonlyArray<{ page: string; url: string }>;
  match(r: WireRequest): boolean;
  /** Which of the matching requests makes the best example (default: the first). */
  example?: (r: WireRequest) => boolean;
}

export const LEARN = 'https://learn.microsoft.com/power-apps/developer/data-platform';
export const page = (name: string, path: string) => ({ page: name, url: `${LEARN}/${path}` });
export const CREATE = page('Create a table row using the Web API', 'webapi/create-entity-web-api');
export const BATCH = page(
  'Execute batch operations using the Web API',
  'webapi/execute-batch-operations-using-web-api',
);
export const UPDATE = page(
  'Update and delete table rows using the Web API',
  'webapi/update-delete-entities-using-web-api',
);
export const CONDITIONAL = page(
  'Perform conditional operations using the Web API',
  'webapi/perform-conditional-operations-using-web-api',
);
export const RETRIEVE = page(
  'Retrieve a table row using the Web API',
  'webapi/retrieve-entity-using-web-api',
);
export const QUERY = page('Query data using the Web API', 'webapi/query-data-web-api');
export const PAGING = page('Page results', 'webapi/query/page-results');
export const ANNOTATIONS = page(
  'Select columns: formatted values and lookup annotations',
  'webapi/query/select-columns',
);
export const TRACKING = page(
  'Use change tracking to synchronize data with external systems',
  'use-change-tracking-synchronize-data-external-systems',
);
export const METADATA = page('Query table definitions using the Web API', 'webapi/query-metadata-web-api');
export const KEYS = page('Define alternate keys for a table', 'define-alternate-keys-entity');
export const LIMITS = page('Send parallel requests (x-ms-dop-hint)', 'send-parallel-requests');
export const ACTIONS = page('Use Web API actions', 'webapi/use-web-api-actions');
export const EVENTS = page('Microsoft Dataverse business events', 'business-events');
export const PHONECALL = page(
  'phonecall table reference (statecode / statuscode)',
  'reference/entities/phonecall',
);
export const ENV_VALUE = page(
  'environmentvariablevalue table reference',
  'reference/entities/environmentvariablevalue',
);
export const ALM = (name: string, path: string) => ({
  page: name,
  url: `https://learn.microsoft.com/power-platform/alm/${path}`,
});

export const is = (r: WireRequest, method: string, path: RegExp) => r.method === method && path.test(r.path);
export const has = (r: WireRequest, ...names: string[]) => names.every((n) => n in r.query);
export const filter = (r: WireRequest) => r.query.$filter ?? '';
export const keys = (r: WireRequest) => Object.keys(r.body ?? {});
export const ID = '[0-9a-f-]{36}';
