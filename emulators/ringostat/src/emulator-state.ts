import type { CallLogRow } from './call-log-fields';

/**
 * Everything the emulator remembers: the call log (kept sorted by start time so a period is a binary
 * search), the contact book, click-to-call requests, queued faults and request counts.
 */

export interface SyncedContact {
  projectId: number;
  fullName: string;
  origin: string;
  externalId: string | null;
  leadId: string | null;
  responsible: string;
  staffId: string | null;
  contactLink: string | null;
  leadLink: string | null;
  dealLink: string | null;
  googleClientId: string | null;
  contactDirections: Array<{ type: string; name: string; value: string }>;
  organizations: unknown[] | null;
}

export interface OutwardCall {
  extension: string;
  destination: string;
}

/** A file app.ringostat.com serves by link (a recording or an AI transcript), with its access token. */
export interface StoredFile {
  body: string;
  contentType: string;
  token?: string;
}

/** A fault answers with `status` instead of the real answer; a delay holds the answer back (a timeout). */
export type Fault = { status: number; retryAfterSeconds?: number } | { delayMs: number };

export interface StoredCall {
  at: number;
  row: CallLogRow;
}

export interface EmulatorState {
  calls: StoredCall[];
  contacts: Map<string, SyncedContact>;
  outwardCalls: OutwardCall[];
  faults: Array<{ path?: string; fault: Fault }>;
  requests: Map<string, number>;
  /** Employees as getProjectStaffListAndDirections returns them, keyed by staff id. */
  staff: Map<string, Record<string, unknown>>;
  /** Files by path (`/recordings/<id>.vtt`). */
  files: Map<string, StoredFile>;
}

export function createEmulatorState(): EmulatorState {
  return {
    calls: [],
    contacts: new Map(),
    outwardCalls: [],
    faults: [],
    requests: new Map(),
    staff: new Map(),
    files: new Map(),
  };
}

/** Inserts calls keeping `calls` sorted by start; a call whose uniqueid exists replaces it. */
export function addCalls(state: EmulatorState, rows: CallLogRow[]): void {
  const replaced = new Set(rows.map((r) => r.uniqueid));
  const kept = state.calls.filter((c) => !replaced.has(c.row.uniqueid));
  const added = rows.map((row) => {
    // `2019-06-02T09:30:47+0300`: Date.parse wants the offset as +03:00.
    const at = Date.parse(row.calldate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(at))
      throw new Error(`seeded call ${row.uniqueid}: calldate "${row.calldate}" is not ISO 8601`);
    return { at, row };
  });
  state.calls = [...kept, ...added].sort((a, b) => a.at - b.at);
}

/** Calls with from ≤ start ≤ to (both inclusive, whole seconds — the API's `from`/`to` have no fraction). */
export function callsBetween(state: EmulatorState, from: number, to: number): StoredCall[] {
  return state.calls.slice(lowerBound(state.calls, from), lowerBound(state.calls, to + 1000));
}

function lowerBound(calls: StoredCall[], at: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((calls[mid]?.at ?? Infinity) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
