import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DataverseFault } from './errors';
import { createOrganization, type Organization } from './organization';
import { createServiceProtection, seededRandom, type Admission } from './protection/service-protection';
import { plainRow, seedRow } from './seed-rows';
import { importSolution } from './solution/import-solution';
import { loadProductSolution } from './solution/product-solution';
import type { StoreSnapshot } from './store/row-store';
import { type ApiRequest, type ApiResult } from './web-api/api-types';
import { batchRequests, executeBatch } from './web-api/batch';
import { resolveRecordUrl } from './web-api/addressing';
import { executeRequest } from './web-api/execute-request';
import { faultResult } from './web-api/fault-result';
import type { DataverseEmulator, EmulatorOptions, RecordedRequest } from './emulator-types';

type FaultKind = '429' | '500' | '503' | 'timeout' | 'reset';
const ALL_FAULTS: FaultKind[] = ['429', '500', '503', 'timeout', 'reset'];
const MAX_LOG = 50_000;

interface Snapshot {
  solutions: string[];
  callerId: string;
  store: StoreSnapshot;
}

export async function createDataverseEmulator(options: EmulatorOptions = {}): Promise<DataverseEmulator> {
  let settings: EmulatorOptions = { ...options };
  const now = () => (settings.now ?? (() => new Date()))();
  const org = createOrganization({ now, newId: randomUUID, phonecallKey: options.phonecallKey ?? 'active' });
  const snapshot =
    options.snapshotFile && existsSync(options.snapshotFile) ? readSnapshot(options.snapshotFile) : undefined;
  if (snapshot) {
    for (const zip of snapshot.solutions) importSolution(org, new Uint8Array(Buffer.from(zip, 'base64')));
    org.callerId = snapshot.callerId;
    org.store.load(snapshot.store);
  } else {
    seedCaller(org);
    if ((options.solution ?? 'product') === 'product') {
      const { zip } = await loadProductSolution();
      const result = importSolution(org, zip);
      if (!result.ok)
        throw new Error(`The product solution could not be imported into the emulator: ${result.error}`);
    }
  }
  for (const table of options.untrackedTables ?? []) {
    const meta = org.schema.entity(table);
    if (meta) meta.changeTracking = false;
  }
  org.importDurationMs = options.importDurationMs ?? 0;
  let random = seededRandom(options.faults?.seed ?? 1);
  org.language = options.language ?? 1033;
  org.refusals = [...(options.refuse ?? [])];
  const protection = createServiceProtection(() => ({
    maxConcurrency: settings.maxConcurrency ?? 52,
    ...(settings.requestWindow ? { requestWindow: settings.requestWindow } : {}),
    ...(settings.executionTime ? { executionTime: settings.executionTime } : {}),
  }));
  const log: RecordedRequest[] = [];

  const persist = () => {
    if (!settings.snapshotFile) return;
    const data: Snapshot = {
      solutions: org.importedSolutions.map((z) => Buffer.from(z).toString('base64')),
      callerId: org.callerId,
      store: org.store.snapshot(),
    };
    writeFileSync(settings.snapshotFile, JSON.stringify(data));
  };

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const entry: RecordedRequest = {
      at: now().getTime(),
      method: request.method,
      url: request.url,
      status: 0,
    };
    log.push(entry);
    // A long-running demo server keeps the most recent requests only.
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
    // send-parallel-requests.md: every answer carries the recommended degree of parallelism.
    const dopHint = settings.dopHint ?? settings.maxConcurrency ?? 52;
    const respond = (result: ApiResult, text?: string) => {
      entry.status = result.status;
      return toResponse(
        { ...result, headers: { ...result.headers, 'x-ms-dop-hint': String(dopHint) } },
        text,
      );
    };
    const auth = /^Bearer\s+(\S+)/i.exec(request.headers.get('authorization') ?? '');
    if (!auth?.[1])
      return respond(
        faultResult(
          new DataverseFault(
            401,
            '0x80072560',
            'The user is not authenticated: send Authorization: Bearer <token>.',
            {
              'WWW-Authenticate':
                'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize',
            },
          ),
          org.language,
        ),
      );
    let admission: Admission;
    try {
      // Service protection counts per user; the emulator knows a user by its bearer token.
      admission = protection.admit(auth[1], now().getTime());
    } catch (e) {
      return respond(faultResult(e, org.language));
    }
    try {
      const fault = pickFault();
      if (fault === 'reset') {
        entry.status = 0;
        return Response.error();
      }
      if (fault === 'timeout') {
        await sleep(settings.faults?.timeoutMs ?? 10_000);
        return respond(
          faultResult(
            new DataverseFault(408, '0x80040216', 'The request timed out (injected fault).'),
            org.language,
          ),
        );
      }
      if (fault) return respond(faultResult(injected(fault), org.language));
      if (settings.latencyMs) await sleep(settings.latencyMs);
      const text = await request.text();
      const headers = new Map<string, string>();
      request.headers.forEach((v, k) => headers.set(k.toLowerCase(), v));
      if (settings.recordBodies) record(entry, headers, text);
      if (/\/\$batch$/.test(url.pathname) && request.method === 'POST') {
        const req: ApiRequest = { method: 'POST', url, headers, body: undefined };
        try {
          const batch = executeBatch(org, req, text, randomUUID);
          entry.batchParts = batch.parts;
          if (batch.result.status < 400) persist();
          return respond(batch.result, batch.text);
        } catch (e) {
          return respond(faultResult(e, org.language));
        }
      }
      let body: unknown = undefined;
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          return respond(
            faultResult(
              new DataverseFault(400, '0x80048d19', 'The request body is not valid JSON.'),
              org.language,
            ),
          );
        }
      }
      let result: ApiResult;
      try {
        result = executeRequest(org, { method: request.method, url, headers, body }, (ref) =>
          resolveRecordUrl(org, ref),
        );
      } catch (e) {
        result = faultResult(e, org.language);
      }
      if (request.method !== 'GET' && result.status < 400) persist();
      return respond(result);
    } finally {
      admission.release(now().getTime());
    }
  }

  function pickFault(): FaultKind | undefined {
    const faults = settings.faults;
    if (!faults || faults.rate <= 0) return undefined;
    if (random() >= faults.rate) return undefined;
    const kinds = faults.kinds?.length ? faults.kinds : ALL_FAULTS;
    return kinds[Math.floor(random() * kinds.length)] ?? kinds[0];
  }

  return {
    handle,
    insert: (entity, row) => {
      const id = seedRow(org, entity, row);
      persist();
      return id;
    },
    rows: (entity) => org.store.all(entity).map(plainRow),
    customApiCalls: (name) =>
      org.customApiCalls.filter((c) => name === undefined || c.name === name).map((c) => structuredClone(c)),
    requests: () => log.map((e) => ({ ...e })),
    resetRequestLog: () => void log.splice(0, log.length),
    configure(next) {
      settings = { ...settings, ...next };
      org.importDurationMs = settings.importDurationMs ?? 0;
      if (next.language) org.language = next.language;
      if (next.refuse) org.refusals = [...next.refuse];
      if (next.faults) random = seededRandom(next.faults.seed ?? 1);
    },
    whoAmI: () => ({ UserId: org.callerId }),
    baseUrl: (options.baseUrl ?? 'https://org.crm.dynamics.com').replace(/\/+$/, ''),
  };
}

/** The application user the emulator treats as the caller (WhoAmI, default owner). */
function seedCaller(org: Organization): void {
  seedRow(org, 'systemuser', {
    systemuserid: org.callerId,
    firstname: '#',
    lastname: 'Ringostat Integration',
    domainname: 'ringostat-integration@org.onmicrosoft.com',
    applicationid: randomUUID(),
  });
}

/**
 * An injected fault refuses one request at random. A 429 that hits a single request is the
 * concurrent-requests kind (another client used the same user's slots); the five-minute budgets refuse
 * every request until Retry-After, which `requestWindow` models.
 */
function injected(kind: '429' | '500' | '503'): DataverseFault {
  if (kind === '429')
    return new DataverseFault(429, '0x80072326', 'Number of concurrent requests exceeded the limit of 52.', {
      'Retry-After': '1',
    });
  return new DataverseFault(
    Number(kind),
    '0x80040216',
    kind === '503'
      ? 'Service unavailable (injected fault).'
      : 'An unexpected error occurred (injected fault).',
  );
}

function record(entry: RecordedRequest, headers: Map<string, string>, text: string): void {
  entry.headers = Object.fromEntries(headers);
  entry.body = text;
  if (!/\/\$batch$/.test(new URL(entry.url).pathname)) return;
  try {
    entry.parts = batchRequests(headers.get('content-type'), text).map((part) => ({
      method: part.method,
      url: part.url,
      headers: Object.fromEntries(part.headers),
      body: part.body,
      ...(part.contentId === undefined ? {} : { contentId: part.contentId }),
      changeset: part.changeset,
    }));
  } catch {
    // A malformed batch is answered by executeBatch; the log keeps its raw body.
  }
}

function toResponse(result: ApiResult, text?: string): Response {
  const headers = new Headers({ 'OData-Version': '4.0', ...result.headers });
  if (text !== undefined) return new Response(text, { status: result.status, headers });
  if (result.body === undefined || result.status === 204 || result.status === 304)
    return new Response(null, { status: result.status, headers });
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json; odata.metadata=minimal');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function readSnapshot(file: string): Snapshot {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch (e) {
    throw new Error(`The emulator snapshot ${file} cannot be read; delete it to start fresh.`, { cause: e });
  }
}
