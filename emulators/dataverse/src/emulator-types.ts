import type { Language } from './localized-messages';

/** Public contract of the Dataverse emulator (other parts of the product code against these names). */
export interface EmulatorOptions {
  /** 'product' (default): start with our solution imported; 'none': a bare org. */
  solution?: 'product' | 'none';
  /** State of the phonecall key ringo_callid_key: 'active' (default), 'pending' or 'missing'. */
  phonecallKey?: 'active' | 'pending' | 'missing';
  /** Tables whose change tracking is off (an org where nobody enabled it), e.g. ['contact']. */
  untrackedTables?: string[];
  /** Added to every request. */
  latencyMs?: number;
  /** Concurrent requests allowed (default 52); beyond it 429 + Retry-After. */
  maxConcurrency?: number;
  /** Request-count limit per user and sliding window (Dataverse: 6000 / 300 s); beyond it 429 0x80072322. */
  requestWindow?: { limit: number; windowMs: number };
  /** Combined execution time per user and sliding window (Dataverse: 1,200,000 ms / 300 s); 429 0x80072321. */
  executionTime?: { limitMs: number; windowMs: number };
  /** The `x-ms-dop-hint` header on every answer (send-parallel-requests.md); default maxConcurrency. */
  dopHint?: number;
  /** Language of error messages: 1033 English (default) or 1058 Ukrainian (DATAVERSE_EMULATOR_LANGUAGE). */
  language?: Language;
  /**
   * Requests this org refuses (a test knob standing for a real org that does not accept a shape): a
   * plain request or $batch part whose method and path (after /api/data/v9.2/) match is answered with
   * `status` (400), `code` and `message`, changing nothing.
   */
  refuse?: Refusal[];
  /** Injected faults at `rate` (0..1); `timeoutMs` is how long a 'timeout' fault stalls (default 10 s). */
  faults?: {
    rate: number;
    kinds?: Array<'429' | '500' | '503' | 'timeout' | 'reset'>;
    seed?: number;
    timeoutMs?: number;
  };
  /** Optional persistence: demo data survives a restart. */
  snapshotFile?: string;
  now?: () => Date;
  /** How long an ImportSolutionAsync stays In Progress (statecode 2) before it completes; default 0. */
  importDurationMs?: number;
  /**
   * Keep each request's headers and body (and a $batch's parts) in `requests()`: for tests that check
   * the exact wire shapes a client sends. Off by default (a long-running demo keeps 50,000 requests).
   */
  recordBodies?: boolean;
  /** Org URL the msw mount intercepts (default https://org.crm.dynamics.com). */
  baseUrl?: string;
}

export interface DataverseEmulator {
  handle(request: Request): Promise<Response>;
  insert(entity: string, row: Record<string, unknown>): string;
  rows(entity: string): Array<Record<string, unknown>>;
  customApiCalls(name?: string): Array<{ name: string; parameters: Record<string, unknown>; at: string }>;
  requests(): RecordedRequest[];
  resetRequestLog(): void;
  configure(options: Partial<EmulatorOptions>): void;
  whoAmI(): { UserId: string };
  /** The org URL from the options (what the msw mount intercepts by default). */
  readonly baseUrl: string;
}

export interface Refusal {
  method?: string;
  /** Matched against the path after /api/data/v9.2/, e.g. /^phonecalls$/ or /^ringo_OnCallLogged$/. */
  path: RegExp;
  status?: number;
  code?: string;
  message?: string;
}

/** One request the emulator answered; headers, body and parts only with `recordBodies`. */
export interface RecordedRequest {
  /** When the request arrived (ms since the epoch, the emulator's clock). */
  at: number;
  method: string;
  url: string;
  status: number;
  batchParts?: number;
  /** Lower-case header names. */
  headers?: Record<string, string>;
  body?: string;
  parts?: RecordedPart[];
}

export interface RecordedPart {
  method: string;
  /** As written in the part: relative, absolute, or a Content-ID reference such as `$2`. */
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
  /** Change set number within the batch, 0 for a request outside any change set. */
  changeset: number;
}
