import type { CallLogRow } from './call-log-fields';
import {
  addCalls,
  createEmulatorState,
  type Fault,
  type OutwardCall,
  type StoredFile,
  type SyncedContact,
} from './emulator-state';
import { callsList } from './routes/calls-list';
import { contactsSync } from './routes/contacts-sync';
import { file } from './routes/files';
import { json } from './routes/json-response';
import { outwardCall } from './routes/outward-call';
import { staffJsonRpc } from './routes/staff-json-rpc';

/**
 * A stand-in for https://api.ringostat.net as a fetch-style handler `(Request) => Promise<Response>`:
 * mount it in-process or behind the Node server in start-ringostat-emulator.ts. Faithful on what the
 * product uses (Auth-key, x-project-id, the contact book, the call log and its 6,500-call limit,
 * click-to-call, the staff list), and serves the files app.ringostat.com serves by link (recordings, AI
 * transcripts). Loud on the rest (404 / 405 / 501 with the reason). Test hooks are plain methods.
 */

export interface RingostatEmulatorOptions {
  authKey: string;
  projectId: number | string;
  /** Zone of the API's wall-clock `from`/`to` (the project's zone). Default Europe/Kyiv. */
  timeZone?: string;
  /** Most calls one /calls/list request may return. Default 6500 (HC uk/6312678). */
  callLimit?: number;
  /** What happens past the limit; see routes/calls-list.ts. Default 'error' (a 200 with an error body). */
  overLimit?: 'error' | 'truncate';
  /** How an empty period is answered: an empty body (default) or `[]`. */
  emptyAnswer?: 'empty-body' | 'array';
  now?: () => Date;
}

export interface RingostatEmulator {
  handle(request: Request): Promise<Response>;
  seedCalls(rows: CallLogRow[]): void;
  /** Employees as the staff API returns them, keyed by staff id (../fixtures/staff-sample.json shape). */
  seedStaff(staff: Record<string, Record<string, unknown>>): void;
  /** A file served at `path` (e.g. `/recordings/<id>.vtt`), optionally behind `?token=`. */
  seedFile(path: string, file: StoredFile): void;
  /** The Smart Phone contact book, keyed by externalId. */
  contactBook(): ReadonlyMap<string, SyncedContact>;
  outwardCalls(): readonly OutwardCall[];
  /** The next `times` requests (to `path`, or any path) get `fault` instead of their answer. */
  failNext(fault: Fault, options?: { times?: number; path?: string }): void;
  /** Requests received, for one path (`/calls/list`) or all. */
  requestCount(path?: string): number;
  /** Releases answers held back by delay faults (they answer 503), so servers can close. */
  close(): void;
}

export function createRingostatEmulator(options: RingostatEmulatorOptions): RingostatEmulator {
  const state = createEmulatorState();
  const projectId = Number(options.projectId);
  const listOptions = {
    timeZone: options.timeZone ?? 'Europe/Kyiv',
    limit: options.callLimit ?? 6500,
    overLimit: options.overLimit ?? 'error',
    emptyAnswer: options.emptyAnswer ?? 'empty-body',
    now: options.now ?? (() => new Date()),
  };
  const held = new Set<() => void>();

  function hold(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        held.delete(release);
        resolve(false);
      };
      const timer = setTimeout(() => {
        held.delete(release);
        resolve(true);
      }, ms);
      held.add(release);
    });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '');
    state.requests.set(path, (state.requests.get(path) ?? 0) + 1);

    const faultAt = state.faults.findIndex((f) => f.path === undefined || f.path === path);
    if (faultAt >= 0) {
      const [{ fault }] = state.faults.splice(faultAt, 1) as [{ fault: Fault }];
      if ('status' in fault) {
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
        return json(fault.status, { error: 'injected_fault', status: fault.status }, headers);
      }
      if (!(await hold(fault.delayMs))) return json(503, { error: 'emulator_closing' });
    }

    // Files are fetched by link, with the token in the URL and no Auth-key (notes/ringostat.md §2.5).
    if (request.method === 'GET' && path.startsWith('/recordings/')) return file(url, state);
    const key = request.headers.get('auth-key');
    if (!key || key !== options.authKey) {
      return json(401, { error: 'Unauthorized', message: 'Auth-key is missing or invalid' });
    }
    const route = `${request.method} ${path}`;
    switch (route) {
      case 'GET /calls/list':
        return callsList(url, state, listOptions);
      case 'POST /callback/outward_call':
        return outwardCall(request, state);
      case 'POST /api/json-rpc':
        return staffJsonRpc(request, state, projectId);
      case 'POST /minicrm/contacts/sync': {
        const project = request.headers.get('x-project-id');
        if (project === null || Number(project) !== projectId) {
          return json(403, {
            error: 'Forbidden',
            message: 'x-project-id is missing or not this key’s project',
          });
        }
        return contactsSync(request, state, projectId);
      }
    }
    const known = ['/calls/list', '/callback/outward_call', '/minicrm/contacts/sync', '/api/json-rpc'];
    if (known.includes(path)) return json(405, { error: `method ${request.method} not allowed on ${path}` });
    return json(404, { error: 'not_found', message: `the Ringostat emulator has no ${path}` });
  }

  return {
    handle,
    seedCalls: (rows) => addCalls(state, rows),
    seedStaff(staff) {
      for (const [id, member] of Object.entries(staff)) state.staff.set(id, member);
    },
    seedFile: (path, stored) => void state.files.set(path, stored),
    contactBook: () => state.contacts,
    outwardCalls: () => state.outwardCalls,
    failNext(fault, { times = 1, path } = {}) {
      for (let i = 0; i < times; i++) state.faults.push(path === undefined ? { fault } : { path, fault });
    },
    requestCount: (path) =>
      path === undefined
        ? [...state.requests.values()].reduce((a, b) => a + b, 0)
        : (state.requests.get(path) ?? 0),
    close() {
      for (const release of [...held]) release();
    },
  };
}
