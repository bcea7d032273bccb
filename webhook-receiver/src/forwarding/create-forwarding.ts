import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { WebApiClient } from '../dataverse/web-api-client';
import type { ContactCandidate } from '../domain/contact-directory';
import { coerceError } from '../errors';
import type { Inbox } from '../inbox/inbox';
import type { Logger } from '../logger';
import { createCrmStateRefresh } from './crm-state-refresh';
import { decideForwarding, type ForwardingDecision, type ForwardingPorts } from './decide-forwarding';
import { createFollowups } from './followups';
import { createForwardingJournal } from './forwarding-journal';
import { createForwardingMetrics } from './forwarding-metrics';
import type { ForwardingRequest } from './forwarding-request';
import {
  DEFAULT_FORWARDING,
  resolveForwardingSettings,
  type ForwardingSettings,
  type ResolvedForwarding,
} from './forwarding-settings';
import { createForwardingStore } from './forwarding-store';
import { createInboxLearner } from './inbox-learner';
import { localOwnerExtensions, localUsers, type OwnerExtensions } from './owner-extensions';

/**
 * Forwarding as one service (docs/adr/0130–0134): settings, the CRM user snapshot and learned extensions
 * in DATA_DIR/forwarding.sqlite, refreshed in the background; `decide` answers from them and the phone
 * directory only, within `deadlineMs`, and never throws. The route (http/forwarding-routes.ts) renders
 * the answer; processing-extension.ts builds this.
 */
export interface ForwardingDirectory {
  /** Local lookup only (never a Dataverse request); undefined before the directory's first full sync. */
  peek(e164: string): readonly ContactCandidate[] | undefined;
  status(): object;
}

export interface ForwardingDeps {
  dataDir: string;
  /** Undefined without Dataverse: settings come from RINGO_* overrides only and no users are known. */
  client?: WebApiClient;
  directory?: ForwardingDirectory;
  inbox: Pick<Inbox, 'list'>;
  /** RINGO_<NAME> overrides by schema name (config.ringoOverrides). */
  overrides: Record<string, string>;
  timeZone: string;
  defaultCountry: string;
  deadlineMs: number;
  clock: Clock;
  logger: Logger;
  registry: Registry;
  /** Consulted before local state, e.g. the Ringostat staff directory. */
  extensions?: OwnerExtensions;
  tuning?: { refreshMs?: number; learnMs?: number };
}

export interface ForwardingService {
  decide(request: ForwardingRequest): Promise<ForwardingDecision>;
  /** After the answer went out: the journal, and the follow-up of a redirect. */
  answered(request: ForwardingRequest, decision: ForwardingDecision, seconds: number): void;
  unexpected(request: ForwardingRequest, meta: { method: string; contentType: string }): void;
  status(): object;
  /** Reads settings and users from Dataverse and the inbox's new webhooks now (an admin's "apply now"). */
  refresh(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const START_WAIT_MS = 5_000;

export function createForwarding(deps: ForwardingDeps): ForwardingService {
  const log = deps.logger.child({ component: 'forwarding' });
  const store = createForwardingStore(join(deps.dataDir, 'forwarding.sqlite'));
  const metrics = createForwardingMetrics(deps.registry);
  const journal = createForwardingJournal();
  const followups = createFollowups((result) => metrics.followup(result));
  let settings: ForwardingSettings = DEFAULT_FORWARDING;
  let resolved: ResolvedForwarding | undefined;

  function applyValues(): void {
    const applicationUserId = store.state('applicationUserId');
    resolved = resolveForwardingSettings({
      dataverse: storedValues(store.state('dataverseValues')),
      overrides: deps.overrides,
      timeZone: deps.timeZone,
      ...(applicationUserId ? { applicationUserId } : {}),
    });
    if (resolved.ok) {
      if (resolved.settings.enabled !== settings.enabled) {
        log.info(
          { enabled: resolved.settings.enabled },
          `forwarding ${resolved.settings.enabled ? 'on' : 'off'}`,
        );
      }
      settings = resolved.settings;
    } else {
      log.error(
        { problems: resolved.problems },
        'forwarding settings are invalid; keeping the last good ones',
      );
    }
  }

  const local = localOwnerExtensions(store, () => settings.extensions, deps.extensions);
  const ports: ForwardingPorts = {
    settings: () => settings,
    contacts: (e164) => deps.directory?.peek(e164),
    users: localUsers(store),
    extensions: local,
    defaultCountry: deps.defaultCountry,
  };
  const refresher = deps.client
    ? createCrmStateRefresh({
        client: deps.client,
        store,
        overrides: deps.overrides,
        clock: deps.clock,
        onValues: applyValues,
        onError: (error, part) =>
          log.warn(
            { part, error: coerceError(error).message },
            'forwarding: could not refresh from Dataverse; answering from the last copy',
          ),
        ...(deps.tuning?.refreshMs ? { intervalMs: deps.tuning.refreshMs } : {}),
      })
    : undefined;
  const learner = createInboxLearner({
    inbox: deps.inbox,
    store,
    followups,
    clock: deps.clock,
    ...(deps.tuning?.learnMs ? { intervalMs: deps.tuning.learnMs } : {}),
  });
  applyValues();

  return {
    async decide(request) {
      const work = decideForwarding(request, ports, deps.clock.now()).catch(
        (error: unknown): ForwardingDecision => ({ kind: 'error', detail: coerceError(error).message }),
      );
      return withDeadline(work, deps.deadlineMs);
    },
    answered(request, decision, seconds) {
      const now = deps.clock.now();
      journal.answered(decision, request.answer, seconds, now);
      if (decision.kind === 'redirect' && request.callId && decision.ownerid) {
        const staffId = local.staffIdOf(decision.ownerid);
        if (staffId) followups.expect(request.callId, staffId, now);
      }
    },
    unexpected(request, meta) {
      journal.unexpected(request, meta, deps.clock.now());
    },
    status: () => statusView(),
    async refresh() {
      await refresher?.refresh();
      await learner.lookOnce();
    },
    /** Starts the background reads; waits for the first Dataverse read at most 5 s (a slow org never holds up the start). */
    async start() {
      const first = refresher?.refresh();
      refresher?.start();
      learner.start((error) =>
        log.warn({ error: coerceError(error).message }, 'forwarding: reading the inbox failed'),
      );
      if (first)
        await Promise.race([first, new Promise((resolve) => setTimeout(resolve, START_WAIT_MS).unref())]);
    },
    async stop() {
      await learner.stop();
      refresher?.stop();
      store.close();
    },
  };

  function statusView() {
    const view = journal.view();
    return {
      enabled: settings.enabled,
      settings: {
        enabled: settings.enabled,
        hours: settings.hours?.text ?? null,
        timeZone: deps.timeZone,
        ambiguous: settings.ambiguous,
        defaultOwnerId: settings.defaultOwnerId ?? null,
        typedExtensions: Object.keys(settings.extensions).length,
      },
      sources: resolved?.ok ? resolved.sources : null,
      problems: resolved?.ok === false ? resolved.problems : [],
      deadlineMs: deps.deadlineMs,
      state: {
        dataverse: deps.client ? 'background refresh' : 'none (settings from RINGO_* only)',
        settingsReadAt: store.state('settingsReadAt') ?? null,
        usersLoadedAt: store.state('usersLoadedAt') ?? null,
        users: store.userCount(),
        learnedExtensions: store.allLearned().length,
        lastRefreshError: refresher?.lastError() ?? null,
        directory: deps.directory?.status() ?? null,
      },
      answers: view.counts,
      followups: followups.counts(),
      extensions: extensionsView(),
      recent: view.recent,
      unexpected: view.unexpected,
    };
  }

  function extensionsView() {
    const typed = Object.entries(settings.extensions).map(([staffId, destination]) => ({
      staffId,
      destination,
      source: 'typed',
      seenAt: null as string | null,
    }));
    const learned = store
      .allLearned()
      .filter((o) => !(o.staffId in settings.extensions))
      .map((o) => ({ staffId: o.staffId, destination: o.destination, source: o.source, seenAt: o.seenAt }));
    return [...typed, ...learned].map((e) => ({ ...e, users: store.usersOfStaff(e.staffId) }));
  }
}

/** The answer waits for `work` at most `ms`; past that it is "no redirect" (kind `deadline`). */
async function withDeadline(work: Promise<ForwardingDecision>, ms: number): Promise<ForwardingDecision> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ForwardingDecision>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'deadline', detail: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The values kept by the last good read; an unreadable copy counts as none (the defaults and RINGO_* apply). */
function storedValues(text: string | undefined): Record<string, string> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
