import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { DataverseConfig } from '../config';
import type { KeyMode } from '../domain/call-gateway';
import type { ContactDirectory } from '../domain/contact-directory';
import { maskPhonesIn } from '../domain/mask-phone';
import { coerceError } from '../errors';
import type { Readiness } from '../http/health-routes';
import type { Inbox, WorkerInbox } from '../inbox/inbox';
import type { Logger } from '../logger';
import { DataverseError, isTransient } from '../dataverse/dataverse-error';
import {
  CHANGE_TRACKING_OFF_HINT,
  readContactChangeTracking,
  type ChangeTrackingState,
} from '../dataverse/change-tracking-probe';
import { readDopHint } from '../dataverse/dop-hint';
import { createKeyModeProbe } from '../dataverse/key-mode-probe';
import { requestLimiterFor } from '../dataverse/request-limiter';
import { createTokenProvider, type GetToken } from '../dataverse/token-provider';
import { createWebApiClient } from '../dataverse/web-api-client';
import { createWebApiContactDirectory } from '../dataverse/web-api-contact-directory';
import { createWebApiGateway } from '../dataverse/web-api-gateway';
import { createWebApiUserDirectory } from '../dataverse/web-api-user-directory';
import { createWebApiCallAiGateway } from '../dataverse/web-api-call-ai';
import { RingostatApiError } from '../ringostat-api/ringostat-api-error';
import { createTranscriptFetcher } from '../ringostat-api/transcript-fetch';
import { isCallAi } from '../ringostat/inbox-payload';
import { createAfterLogged, createCallAiTask, createCallAiWriter } from './call-ai-task';
import type { StaffLookup } from '../staff/staff-directory';
import { withStaffDirectory } from '../staff/with-staff-directory';
import {
  loadDataverseSettings,
  readApplicationUserId,
  SettingsError,
  type SettingsSource,
} from '../settings/dataverse-settings';
import { createCallTask, serialKeys, type CallTaskDeps } from './call-task';
import { createProcessingMetrics, registerLimiterMetrics } from './processing-metrics';
import type { RetryPolicy } from './retry-policy';
import { createWorker, type FailureClassifier, type Worker } from './worker';

/**
 * Composition of call processing: token → Web API client → settings, key mode, directories, gateway →
 * worker over the inbox. server.ts and scripts/dev.ts call only this.
 *
 * The intake keeps accepting webhooks whatever Dataverse does, so a Dataverse that is down at start
 * does not stop the receiver: processing retries its start in the background and /readyz says why it
 * is not ready. Invalid settings (an operator's mistake) do stop the start, with the reason.
 */
export interface ProcessingDeps {
  dataverse: DataverseConfig;
  /** RINGO_<NAME> overrides by schema name (config.ringoOverrides). */
  overrides: Record<string, string>;
  inbox: Inbox;
  /** Where the worker's claims and settlements commit (the receiver's writer thread); default: `inbox`. */
  writes?: WorkerInbox;
  logger: Logger;
  clock: Clock;
  registry: Registry;
  /** Defaults to the Dataverse query adapter; the synced phone directory can stand in. */
  contacts?: ContactDirectory;
  /** Told about each call's contact (the Ringostat contact-book sync). */
  onContactResolved?: CallTaskDeps['onContactResolved'];
  /** Ringostat employees ↔ CRM users (the staff directory), consulted after the CRM's own mapping. */
  staff?: StaffLookup;
  /** Origins AI transcripts may be fetched from besides Ringostat's https hosts (the emulator in tests). */
  transcriptOrigins?: string[];
  worker?: { concurrency?: number; leaseMs?: number; pollIntervalMs?: number; policy?: RetryPolicy };
  refresh?: { settingsMs?: number; keyModeMs?: number; userTtlMs?: number; startRetryMs?: number };
}

export interface Processing {
  /** Looks for new inbox entries now (call after accepting a webhook for the lowest latency). */
  wake(): void;
  keyMode(): KeyMode;
  readiness(): Promise<Readiness>;
  stop(): Promise<void>;
}

/** Dataverse's transient failures, and Ringostat's (an AI transcript that could not be fetched yet). */
export const dataverseFailures: FailureClassifier = {
  isTransient: (error) => isTransient(error) || (error instanceof RingostatApiError && error.retryable),
  retryAfterMs: (error) => (error instanceof DataverseError ? error.retryAfterMs : undefined),
  describe: (error) =>
    error instanceof DataverseError
      ? error.describe()
      : error instanceof RingostatApiError
        ? `Ringostat: ${error.message}`
        : `receiver error: ${coerceError(error).message}`,
};

export async function startProcessing(deps: ProcessingDeps): Promise<Processing> {
  const log = deps.logger.child({ component: 'processing' });
  const metrics = createProcessingMetrics(deps.registry);
  const getToken: GetToken = createTokenProvider(deps.dataverse);
  const limiter = requestLimiterFor(deps.dataverse);
  registerLimiterMetrics(deps.registry, limiter);
  const client = createWebApiClient({
    url: deps.dataverse.url,
    getToken,
    onRequest: metrics.dataverseRequest,
    limiter,
  });
  const probe = createKeyModeProbe(client);
  let changeTracking: ChangeTrackingState = 'unknown';
  const timers: NodeJS.Timeout[] = [];
  let settings: SettingsSource | undefined;
  let worker: Worker | undefined;
  let startError: string | undefined = 'starting';
  let stopped = false;

  async function start(): Promise<void> {
    settings = await loadDataverseSettings({
      client,
      overrides: deps.overrides,
      ...(deps.refresh?.settingsMs ? { refreshMs: deps.refresh.settingsMs } : {}),
      onRefreshError: (error) =>
        log.error(
          { error: coerceError(error).message },
          'settings refresh failed; keeping the last good settings',
        ),
    });
    await refreshKeyMode();
    await refreshChangeTracking();
    await refreshDopHint();
    const current = settings;
    const gateway = createWebApiGateway({ client, keyMode: probe.current });
    const users = createWebApiUserDirectory({
      client,
      clock: deps.clock,
      ...(deps.refresh?.userTtlMs ? { ttlMs: deps.refresh.userTtlMs } : {}),
    });
    // Staff-id mappings cached up front (and again every TTL): an employee's first call costs no lookup.
    const preloadUsers = () =>
      users.preload().then(
        (count) => log.info({ users: count }, 'CRM users with a Ringostat staff id cached'),
        (error: unknown) => log.warn({ error: coerceError(error).message }, 'could not preload CRM users'),
      );
    await preloadUsers();
    timers.push(setInterval(() => void preloadUsers(), deps.refresh?.userTtlMs ?? 10 * 60_000));
    timers.at(-1)?.unref();
    const writeCallAi = createCallAiWriter({
      gateway: createWebApiCallAiGateway({ client }),
      fetchTranscript: createTranscriptFetcher({ extraOrigins: deps.transcriptOrigins ?? [] }),
      settings: current.current,
    });
    const waitingCallAi = (callId: string) => {
      const entry = deps.inbox.findEvent('call-ai', callId);
      return entry && isCallAi(entry.payload) ? entry.payload : undefined;
    };
    const callTask = createCallTask({
      contacts: deps.contacts ?? createWebApiContactDirectory(client),
      users: deps.staff ? withStaffDirectory(users, deps.staff) : users,
      gateway,
      settings: current.current,
      ...(deps.onContactResolved ? { onContactResolved: deps.onContactResolved } : {}),
      afterLogged: createAfterLogged(waitingCallAi, writeCallAi),
    });
    const callAiTask = createCallAiTask(writeCallAi);
    worker = createWorker({
      inbox: deps.writes ?? deps.inbox,
      clock: deps.clock,
      task: (entry, helpers) => (isCallAi(entry.payload) ? callAiTask : callTask)(entry, helpers),
      keysOf: (entry) => serialKeys(entry, current.current().defaultCountry),
      failures: dataverseFailures,
      log: deps.logger.child({ component: 'worker' }),
      redact: maskPhonesIn,
      onSettled: (entry, settlement, seconds) => metrics.settled(entry.event, settlement, seconds),
      ...deps.worker,
    });
    if (stopped) return;
    worker.start();
    current.start();
    timers.push(
      setInterval(
        () => {
          void refreshKeyMode();
          void refreshChangeTracking();
        },
        deps.refresh?.keyModeMs ?? 10 * 60_000,
      ),
    );
    timers.at(-1)?.unref();
    startError = undefined;
    log.info(
      { keyMode: probe.current(), contactChangeTracking: changeTracking, settings: current.sources() },
      'call processing started',
    );
  }

  /** send-parallel-requests: the environment's recommended parallelism caps the limiter (dop-hint.ts). */
  async function refreshDopHint(): Promise<void> {
    try {
      const hint = await readDopHint({ url: deps.dataverse.url, getToken, limiter });
      if (hint === undefined) return;
      const before = limiter.concurrency();
      limiter.dopHint(hint);
      if (limiter.concurrency() !== before)
        log.info(
          { dopHint: hint, concurrentRequests: limiter.concurrency() },
          'Dataverse recommends a degree of parallelism',
        );
    } catch (error) {
      log.warn({ error: coerceError(error).message }, 'could not read x-ms-dop-hint');
    }
  }

  async function refreshChangeTracking(): Promise<void> {
    try {
      const before = changeTracking;
      changeTracking = await readContactChangeTracking(client);
      if (changeTracking === 'off' && before !== 'off')
        log.warn({ contactChangeTracking: 'off' }, CHANGE_TRACKING_OFF_HINT);
      if (changeTracking === 'on' && before === 'off')
        log.info({ contactChangeTracking: 'on' }, 'change tracking is on for contact');
    } catch (error) {
      log.warn(
        { error: coerceError(error).message },
        'could not read whether contact has change tracking on',
      );
    }
  }

  async function refreshKeyMode(): Promise<void> {
    try {
      const before = probe.current();
      const mode = await probe.refresh();
      if (mode !== before) log.info({ keyMode: mode }, 'phone call addressing mode');
    } catch (error) {
      log.warn(
        { error: coerceError(error).message, keyMode: probe.current() },
        'could not read the phonecall keys',
      );
    }
  }

  async function startOrRetry(): Promise<void> {
    try {
      await start();
    } catch (error) {
      if (error instanceof SettingsError) throw error;
      startError = dataverseFailures.describe(error);
      log.error({ error: startError }, 'call processing could not start; retrying');
      if (!stopped) {
        const retry = setTimeout(
          () =>
            void startOrRetry().catch((e: unknown) =>
              log.error({ error: coerceError(e).message }, 'call processing stopped'),
            ),
          deps.refresh?.startRetryMs ?? 15_000,
        );
        retry.unref();
        timers.push(retry);
      }
    }
  }
  await startOrRetry();

  // A healthy Dataverse answer is reused for a few seconds so frequent probes cost no requests.
  let lastOk = Number.NEGATIVE_INFINITY;
  return {
    wake: () => worker?.wake(),
    keyMode: probe.current,
    async readiness() {
      const now = deps.clock.now().getTime();
      let dataverse: Record<string, unknown> = {
        status: 'ok',
        url: deps.dataverse.url,
        keyMode: probe.current(),
        contactChangeTracking: changeTracking,
        concurrentRequests: limiter.concurrency(),
        requestBudget: `${Number.isFinite(limiter.budget.limit()) ? limiter.budget.limit() : 'not yet known'}/${Math.round(limiter.budget.windowMs / 1000)}s`,
        ...(changeTracking === 'off' ? { hint: CHANGE_TRACKING_OFF_HINT } : {}),
      };
      if (now - lastOk >= 5_000) {
        try {
          await readApplicationUserId(client);
          lastOk = now;
        } catch (error) {
          dataverse = {
            status: 'unreachable',
            url: deps.dataverse.url,
            error: dataverseFailures.describe(error),
          };
        }
      }
      const processing = startError
        ? { status: 'not started', error: startError }
        : { status: 'running', inFlight: worker?.inFlight() ?? 0 };
      return {
        ready: dataverse.status === 'ok' && startError === undefined,
        checks: { dataverse, processing },
      };
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      settings?.stop();
      // Within server.ts's 15 s close budget; an entry still in hand is reclaimed after its lease.
      await worker?.stop(10_000);
    },
  };
}
