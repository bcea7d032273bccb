import { randomUUID } from 'node:crypto';
import {
  CHANGE_TRACKING_OFF_HINT,
  readContactChangeTracking,
} from '../../webhook-receiver/src/dataverse/change-tracking-probe';
import { readDopHint } from '../../webhook-receiver/src/dataverse/dop-hint';
import { readCallIdKeyStatus } from '../../webhook-receiver/src/dataverse/key-mode-probe';
import { createWebApiContactDirectory } from '../../webhook-receiver/src/dataverse/web-api-contact-directory';
import { createWebApiGateway } from '../../webhook-receiver/src/dataverse/web-api-gateway';
import { createWebApiUserDirectory } from '../../webhook-receiver/src/dataverse/web-api-user-directory';
import { createWebApiContactFeed } from '../../webhook-receiver/src/directory/web-api-contact-feed';
import type { ApplyResult } from '../../webhook-receiver/src/domain/call-gateway';
import type { ContactCandidate } from '../../webhook-receiver/src/domain/contact-directory';
import { toCallEvent } from '../../webhook-receiver/src/domain/call-event';
import { planCall } from '../../webhook-receiver/src/domain/plan-call';
import {
  createDataverseContactPages,
  createDataverseContactReader,
} from '../../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import type { RingostatEvent } from '../../webhook-receiver/src/ringostat/ringostat-event';
import {
  loadDataverseSettings,
  readApplicationUserId,
} from '../../webhook-receiver/src/settings/dataverse-settings';
import { describeFailure } from './describe-failure';
import type { VerifyContext } from './verify-context';

/**
 * What `npm run verify-org` checks, in order: every request shape the worker, the phone directory and the
 * contact-book sync send (docs/dataverse-requests.md), through the receiver's own code, on a test contact
 * and test phone calls it creates and deletes again. A step answers a note (PASS), a warning (the receiver
 * works, with less), or throws (FAIL, with Dataverse's status, code and message); `needs` names what an
 * earlier step must have found, or the step is skipped.
 */
export type StepResult = { level: 'pass' | 'warn'; note: string };

export interface Step {
  name: string;
  /** The requests the step sends (docs/dataverse-requests.md names them the same way). */
  shapes: string;
  needs?: (ctx: VerifyContext) => string | undefined;
  run(ctx: VerifyContext): Promise<StepResult>;
}

const pass = (note: string): StepResult => ({ level: 'pass', note });
const warn = (note: string): StepResult => ({ level: 'warn', note });

function expectOutcome(result: ApplyResult, outcome: ApplyResult['outcome']): void {
  if (result.outcome !== outcome)
    throw new Error(`expected "${outcome}", the receiver's code ended with "${result.outcome}"`);
}

async function apply(
  ctx: VerifyContext,
  event: RingostatEvent,
  contacts: ContactCandidate[],
  activityid?: string,
) {
  const settings = ctx.state.settings;
  if (!settings) throw new Error('no settings');
  const callSettings = { ...settings, missedCallMode: 'open' as const };
  const plan = planCall(toCallEvent(event, callSettings), { contacts, settings: callSettings });
  if (activityid && plan.phonecall) plan.phonecall = { ...plan.phonecall, activityid };
  const gateway = createWebApiGateway({ client: ctx.client, keyMode: () => ctx.state.keyMode ?? 'keyless' });
  const result = await gateway.apply(plan);
  if (result.createdContact && result.contactId) ctx.state.contactIds.push(result.contactId);
  if (result.phonecallId && !ctx.state.phonecallIds.includes(result.phonecallId))
    ctx.state.phonecallIds.push(result.phonecallId);
  return result;
}

const testContact = (ctx: VerifyContext): ContactCandidate[] => {
  const id = ctx.state.contactIds[0];
  return id ? [{ contactid: id, statecode: 0, modifiedon: new Date().toISOString() }] : [];
};

const needsSettings = (ctx: VerifyContext) =>
  ctx.state.settings ? undefined : 'the settings could not be read';
const needsContact = (ctx: VerifyContext) =>
  needsSettings(ctx) ?? (ctx.state.contactIds[0] ? undefined : 'the test contact could not be created');

const feed = (ctx: VerifyContext) =>
  createWebApiContactFeed({
    url: ctx.url,
    getToken: ctx.getToken,
    limiter: ctx.limiter,
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
const contactOptions = (ctx: VerifyContext) => ({
  dataverseUrl: ctx.url,
  getToken: ctx.getToken,
  limiter: ctx.limiter,
  ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
});

export const VERIFY_STEPS: readonly Step[] = [
  {
    name: 'application user and recommended parallelism',
    shapes: 'GET WhoAmI()',
    async run(ctx) {
      ctx.state.applicationUserId = await readApplicationUserId(ctx.client);
      const hint = await readDopHint({
        url: ctx.url,
        getToken: ctx.getToken,
        limiter: ctx.limiter,
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      });
      return pass(`application user ${ctx.state.applicationUserId}; x-ms-dop-hint ${hint ?? 'not sent'}`);
    },
  },
  {
    name: 'alternate key ringo_callid_key',
    shapes: 'GET EntityDefinitions(LogicalName=phonecall)/Keys',
    async run(ctx) {
      const status = await readCallIdKeyStatus(ctx.client);
      ctx.state.keyMode = status === 'Active' ? 'alternate-key' : 'keyless';
      return status === 'Active'
        ? pass('index Active: Dataverse enforces one phone call per call id')
        : warn(
            `index ${status}: calls are still logged once (by primary key), without the key's second guarantee; see docs/admin-guide.md`,
          );
    },
  },
  {
    name: 'change tracking on contact',
    shapes: 'GET EntityDefinitions(LogicalName=contact)?$select=ChangeTrackingEnabled',
    async run(ctx) {
      ctx.state.changeTracking = await readContactChangeTracking(ctx.client);
      return ctx.state.changeTracking === 'on'
        ? pass('on: the phone directory stays fresh')
        : warn(CHANGE_TRACKING_OFF_HINT);
    },
  },
  {
    name: 'settings (environment variables) and default owner',
    shapes: 'GET environmentvariabledefinitions?$expand=…values; GET systemusers({id})',
    async run(ctx) {
      const source = await loadDataverseSettings({ client: ctx.client, overrides: {} });
      ctx.state.settings = source.current();
      const sources = source.sources();
      return pass(
        `default owner ${ctx.state.settings.defaultOwnerId} (${sources.ringo_DefaultOwnerId}), missed calls ${ctx.state.settings.missedCallMode}`,
      );
    },
  },
  {
    name: 'CRM users with a Ringostat staff id',
    shapes: 'GET systemusers?$filter=ringo_ringostatstaffid ne null … (paged)',
    async run(ctx) {
      const users = createWebApiUserDirectory({ client: ctx.client, clock: { now: () => new Date() } });
      return pass(`${await users.preload()} user(s) mapped`);
    },
  },
  {
    name: 'employee lookup by staff id or e-mail',
    shapes: 'GET systemusers?$filter=(ringo_ringostatstaffid eq … or internalemailaddress eq …)',
    async run(ctx) {
      const users = createWebApiUserDirectory({ client: ctx.client, clock: { now: () => new Date() } });
      const found = await users.findUser({
        number: `verify-org-${ctx.calls.runId}`,
        email: `verify-org-${ctx.calls.runId}@example.invalid`,
      });
      return pass(found ? `unexpectedly mapped to ${found}` : 'answered (no such employee, as expected)');
    },
  },
  {
    name: 'phone directory: read every contact with change tracking',
    shapes: 'GET contacts?$select=… Prefer: odata.track-changes, odata.maxpagesize (paged)',
    needs: (ctx) => (ctx.state.changeTracking === 'on' ? undefined : 'change tracking is off for contact'),
    async run(ctx) {
      let contacts = 0;
      const { deltaLink } = await feed(ctx).fullSync((page) => void (contacts += page.contacts.length));
      ctx.state.deltaLink = deltaLink;
      return pass(`${contacts} contact(s) read; delta link received`);
    },
  },
  {
    name: 'contact lookup by phone number',
    shapes: 'GET contacts?$filter=telephone1 eq … or mobilephone eq … (6 columns)',
    async run(ctx) {
      const found = await createWebApiContactDirectory(ctx.client).findByPhone(`+${ctx.calls.client}`);
      return pass(
        found.length === 0
          ? 'answered (the test number is unknown, as expected)'
          : `${found.length} contact(s) already hold the test number`,
      );
    },
  },
  {
    name: 'before-call: create the test contact',
    shapes: 'POST contacts',
    needs: needsSettings,
    async run(ctx) {
      const result = await apply(ctx, ctx.calls.beforeCall, []);
      expectOutcome(result, 'contact-only');
      return pass(`contact ${result.contactId}`);
    },
  },
  {
    name: 'missed call kept open as a call-back',
    shapes: 'POST $batch [POST phonecalls + phonecall_activity_parties, POST ringo_OnCallLogged]',
    needs: needsContact,
    async run(ctx) {
      const result = await apply(ctx, ctx.calls.missed, testContact(ctx));
      expectOutcome(result, 'logged');
      return pass(`phone call ${result.phonecallId}`);
    },
  },
  {
    name: 'repeat of an open call refreshes the changed column',
    shapes:
      'POST $batch (refused as a duplicate); GET phonecalls({id}); POST $batch [PATCH phonecalls({id}) If-Match: *]',
    needs: needsContact,
    async run(ctx) {
      const result = await apply(ctx, ctx.calls.missedAgain, testContact(ctx));
      expectOutcome(result, 'logged');
      return pass('duplicate recognised by its code; only the recording URL was written');
    },
  },
  {
    name: 'answered call logged and closed in one changeset',
    shapes: 'POST $batch [POST phonecalls + parties, PATCH $2 statecode/statuscode, POST ringo_OnCallLogged]',
    needs: needsContact,
    async run(ctx) {
      const result = await apply(ctx, ctx.calls.answered, testContact(ctx));
      expectOutcome(result, 'logged');
      return pass(`phone call ${result.phonecallId} completed`);
    },
  },
  {
    name: 'repeat of a closed call is already logged',
    shapes: 'POST $batch (refused as a duplicate); GET phonecalls({id})',
    needs: needsContact,
    async run(ctx) {
      expectOutcome(await apply(ctx, ctx.calls.answered, testContact(ctx)), 'already-logged');
      return pass('nothing written, the call stays completed');
    },
  },
  {
    name: 'new contact and its call in one changeset',
    shapes: 'POST $batch [POST contacts, POST phonecalls (regarding $1), PATCH $2, POST ringo_OnCallLogged]',
    needs: needsSettings,
    async run(ctx) {
      const result = await apply(ctx, ctx.calls.answeredNewContact, []);
      expectOutcome(result, 'logged');
      if (!result.createdContact) throw new Error('the contact was not created');
      return pass(`contact ${result.contactId}, phone call ${result.phonecallId}`);
    },
  },
  {
    name: 'call logged under another id is found by ringo_callid',
    shapes:
      'POST $batch (refused: duplicate ringo_callid_key); GET phonecalls({id}) 404; GET phonecalls?$filter=ringo_callid eq …',
    needs: (ctx) =>
      needsContact(ctx) ??
      (ctx.state.keyMode === 'alternate-key'
        ? undefined
        : 'without an active ringo_callid_key Dataverse does not refuse a second row for a call id'),
    async run(ctx) {
      const foreign = await apply(ctx, ctx.calls.foreign, testContact(ctx), randomUUID());
      const again = await apply(ctx, ctx.calls.foreign, testContact(ctx));
      expectOutcome(again, 'already-logged');
      if (again.phonecallId !== foreign.phonecallId)
        throw new Error(`found ${again.phonecallId}, expected ${foreign.phonecallId}`);
      return pass('the key refused the second row; the call was found by $filter');
    },
  },
  {
    name: 'phone directory: change-tracking delta',
    shapes: 'GET <deltaLink> ($deltatoken)',
    needs: (ctx) => (ctx.state.deltaLink ? undefined : 'there is no delta link (the full read did not run)'),
    async run(ctx) {
      const seen = new Set<string>();
      await feed(ctx).delta(ctx.state.deltaLink ?? '', (page) =>
        page.contacts.forEach((c) => seen.add(c.contactid)),
      );
      const missing = ctx.state.contactIds.filter((id) => !seen.has(id));
      if (missing.length)
        throw new Error(`the delta did not return the test contact(s) ${missing.join(', ')}`);
      return pass(`${seen.size} changed contact(s), the test contacts among them`);
    },
  },
  {
    name: 'contact book: active contacts, one page',
    shapes: 'GET contacts?$filter=statecode eq 0&$count=true Prefer: odata.maxpagesize',
    async run(ctx) {
      const page = await createDataverseContactPages(contactOptions(ctx)).page();
      return pass(
        `${page.contacts.length} contact(s) on the first page${page.totalCount === undefined ? '' : ` of ${page.totalCount}`}`,
      );
    },
  },
  {
    name: 'contact book: one contact by id',
    shapes: 'GET contacts({id})?$select=…',
    needs: (ctx) => (ctx.state.contactIds[0] ? undefined : 'there is no test contact'),
    async run(ctx) {
      const contact = await createDataverseContactReader(contactOptions(ctx))(ctx.state.contactIds[0] ?? '');
      if (!contact) throw new Error('the test contact cannot be read back');
      return pass(`read ${contact.contactid}`);
    },
  },
];

/** Deletes what the run created: phone calls first, then contacts (verify-org only; the receiver never deletes). */
export const CLEANUP_STEP: Step = {
  name: 'clean up the test contacts and phone calls',
  shapes: 'DELETE phonecalls({id}); DELETE contacts({id})',
  async run(ctx) {
    const failed: string[] = [];
    const forbidden: string[] = [];
    const remove = async (collection: string, id: string) => {
      try {
        await ctx.client.run('verify-org-cleanup', (api) => api.deleteRecord({ collection, key: id }));
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 403) forbidden.push(`${collection}(${id})`);
        else if (status !== 404) failed.push(`${collection}(${id}): ${describeFailure(error)}`);
      }
    };
    for (const id of ctx.state.phonecallIds) await remove('phonecalls', id);
    for (const id of ctx.state.contactIds) await remove('contacts', id);
    if (failed.length) throw new Error(`could not delete ${failed.join('; ')} — delete them by hand`);
    // The receiver's least-privilege role (docs/admin-guide.md §3) has no Delete: expected, not a failure.
    if (forbidden.length)
      return warn(
        `the receiver's role may not delete (no Delete privilege); delete by hand: ${forbidden.join(', ')}`,
      );
    return pass(
      `${ctx.state.phonecallIds.length} phone call(s) and ${ctx.state.contactIds.length} contact(s) deleted`,
    );
  },
};
