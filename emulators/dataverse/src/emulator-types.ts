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
  /** Request-count limit per sliding window; beyond it 429 + Retry-After. */
  requestWindow?: { limit: number; windowMs: number };
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
  /** Org URL the msw mount intercepts (default https://org.crm.dynamics.com). */
  baseUrl?: string;
}

export interface DataverseEmulator {
  handle(request: Request): Promise<Response>;
  insert(entity: string, row: Record<string, unknown>): string;
  rows(entity: string): Array<Record<string, unknown>>;
  customApiCalls(name?: string): Array<{ name: string; parameters: Record<string, unknown>; at: string }>;
  requests(): Array<{ method: string; url: string; status: number; batchParts?: number }>;
  resetRequestLog(): void;
  configure(options: Partial<EmulatorOptions>): void;
  whoAmI(): { UserId: string };
  /** The org URL from the options (what the msw mount intercepts by default). */
  readonly baseUrl: string;
}
