import { randomUUID } from 'node:crypto';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { ApplyResult, CallGateway, KeyMode } from '../domain/call-gateway';
import type { CallPlan, PhoneCallStep } from '../domain/call-plan';
import { isDuplicateKey } from './dataverse-codes';
import { DataverseError, isTransient } from './dataverse-error';
import { odataString } from './odata-literal';
import { changedColumns, existingCallSelect, type ExistingCall } from './phone-call-refresh';
import {
  contactRef,
  newContactBody,
  onCallLoggedBody,
  phoneCallCreateBody,
  REGARDING_CONTACT_BIND,
} from './phonecall-payload';
import { runChangeset, type QueueRequests } from './run-changeset';
import type { WebApiClient } from './web-api-client';

/**
 * CallGateway on the Dataverse Web API: one $batch changeset per event (DESIGN.md §3, §4;
 * docs/adr/0090-create-by-primary-key-recognise-repeats-by-code.md). Every request is a shape listed in
 * docs/dataverse-requests.md with the Learn page that documents it.
 *
 * A call seen for the first time (one request):
 *   [POST contacts (Content-ID 1)] → POST phonecalls with the deterministic activityid, every column,
 *   owner, regarding and the parties as a deep insert (Content-ID 2) → PATCH $2 statecode/statuscode →
 *   POST ringo_OnCallLogged.
 * The changeset is atomic (ExecuteTransaction), so a failure leaves nothing half-written.
 *
 * A repeat (a re-sent webhook, a retry after a lost response): the create is refused as a duplicate —
 * DuplicateRecord for the primary key, DuplicateRecordEntityKey for the ringo_callid key, recognised by
 * code, never by text — the changeset rolls back, and the gateway reads the call by its primary key (or,
 * for a call some other client logged under another id, by $filter on ringo_callid). Call ids never go
 * into an alternate-key URL, so characters such as / : ? # cannot break an address. A closed call is
 * "already logged": nothing is written and it is never reopened. An open call (a missed call kept as a
 * call-back) gets the columns that changed, and is closed when the plan closes it.
 *
 * Without an active ringo_callid key (KeyMode 'keyless') the same requests work: the deterministic
 * primary key alone makes the create idempotent. The key is the second guarantee, and `keyMode` is
 * reported on /readyz.
 */
export interface WebApiGatewayOptions {
  client: WebApiClient;
  keyMode: () => KeyMode;
  newId?: () => string;
}

type Queue = QueueRequests;

const PHONECALL_CONTENT_ID = '2';

export function createWebApiGateway(options: WebApiGatewayOptions): CallGateway {
  const { client } = options;
  const newId = options.newId ?? randomUUID;

  /** One changeset on a private instance (run-changeset.ts); a failed part throws its own error. */
  async function changeset(operation: string, queue: Queue): Promise<void> {
    await runChangeset(client, operation, queue);
  }

  function queueNewContact(api: DynamicsWebApi, plan: CallPlan, id: string): Array<Promise<unknown>> {
    if (plan.contact.action !== 'create') return [];
    const body = newContactBody(id, plan.contact.fields, plan.contact.owner);
    return [api.create({ collection: 'contacts', contentId: '1', data: body })];
  }

  /** The first write of a call. Resolves false when Dataverse already has it. */
  async function createCall(plan: CallPlan, step: PhoneCallStep, contactId: string | undefined) {
    const contact = contactId ? contactRef(contactId, plan.contact.action === 'create') : undefined;
    try {
      await changeset('log-call', (api) => [
        ...(contactId ? queueNewContact(api, plan, contactId) : []),
        api.create({
          collection: 'phonecalls',
          contentId: PHONECALL_CONTENT_ID,
          data: phoneCallCreateBody(step, contact),
        }),
        ...(step.close
          ? [api.update({ contentId: `$${PHONECALL_CONTENT_ID}`, data: { ...step.close } })]
          : []),
        api.callAction({
          actionName: 'ringo_OnCallLogged',
          action: onCallLoggedBody(plan, step.activityid, contactId),
        }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof DataverseError && isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** The call as Dataverse has it: by primary key, else (logged under another id) by ringo_callid. */
  async function findCall(step: PhoneCallStep): Promise<ExistingCall | undefined> {
    const select = existingCallSelect(step);
    try {
      return await client.run('read-call', (api) =>
        api.retrieve<ExistingCall>({ collection: 'phonecalls', key: step.activityid, select }),
      );
    } catch (error) {
      if (!(error instanceof DataverseError && error.status === 404)) throw error;
    }
    const page = await client.run('find-call', (api) =>
      api.retrieveMultiple<ExistingCall>({
        collection: 'phonecalls',
        select,
        filter: `ringo_callid eq ${odataString(step.callId)}`,
        orderBy: ['createdon asc'],
        top: 1,
      }),
    );
    return page.value[0];
  }

  /**
   * A repeat of an open call: the changed columns, a regarding contact when it has none, then the
   * close. Returns the contact the call is about. A call closed meanwhile (an agent completed the
   * call-back) refuses the write; it is then read again and, closed, counts as already logged.
   */
  async function refreshOpenCall(
    plan: CallPlan,
    step: PhoneCallStep,
    existing: ExistingCall,
    plannedContact: string | undefined,
  ): Promise<{ closedMeanwhile: boolean; contactId: string | undefined; createdContact: boolean }> {
    const regarding = existing._regardingobjectid_value ?? undefined;
    // The contact the call is about wins over creating another one for the same number.
    const createContact = plan.contact.action === 'create' && !regarding && plannedContact !== undefined;
    const contactId = regarding ?? plannedContact;
    const changes: Record<string, unknown> = changedColumns(step, existing);
    if (!regarding && step.regardingContact && contactId)
      changes[REGARDING_CONTACT_BIND] = contactRef(contactId, createContact).bind;
    const target = existing.activityid;
    const unchanged = { closedMeanwhile: false, contactId, createdContact: createContact };
    if (Object.keys(changes).length === 0 && !step.close && !createContact) return unchanged;
    try {
      await changeset('update-call', (api) => [
        ...(createContact && contactId ? queueNewContact(api, plan, contactId) : []),
        ...(Object.keys(changes).length > 0
          ? [api.update({ collection: 'phonecalls', key: target, data: changes, ifmatch: '*' })]
          : []),
        ...(step.close
          ? [api.update({ collection: 'phonecalls', key: target, data: { ...step.close }, ifmatch: '*' })]
          : []),
      ]);
      return unchanged;
    } catch (error) {
      if (!(error instanceof DataverseError) || isTransient(error)) throw error;
      const now = await findCall(step);
      if (now && now.statecode !== 0)
        return { closedMeanwhile: true, contactId: regarding, createdContact: false };
      throw error;
    }
  }

  async function logCall(
    plan: CallPlan,
    step: PhoneCallStep,
    contactId: string | undefined,
  ): Promise<ApplyResult> {
    if (await createCall(plan, step, contactId)) {
      return {
        outcome: 'logged',
        createdContact: plan.contact.action === 'create',
        phonecallId: step.activityid,
        ...(contactId ? { contactId } : {}),
      };
    }
    const existing = await findCall(step);
    if (!existing) {
      throw new DataverseError(
        `phonecall ${step.activityid} was refused as a duplicate but can be found neither by id nor by ringo_callid`,
        409,
        'conflict',
      );
    }
    const phonecallId = existing.activityid;
    if (existing.statecode !== 0) return { outcome: 'already-logged', createdContact: false, phonecallId };
    const refreshed = await refreshOpenCall(plan, step, existing, contactId);
    if (refreshed.closedMeanwhile) return { outcome: 'already-logged', createdContact: false, phonecallId };
    return {
      outcome: 'logged',
      createdContact: refreshed.createdContact,
      phonecallId,
      ...(refreshed.contactId ? { contactId: refreshed.contactId } : {}),
    };
  }

  return {
    keyMode: options.keyMode,
    async apply(plan) {
      const contactId =
        plan.contact.action === 'use'
          ? plan.contact.contactid
          : plan.contact.action === 'create'
            ? newId()
            : undefined;
      if (plan.phonecall) return logCall(plan, plan.phonecall, contactId);
      if (plan.contact.action === 'none' || !contactId)
        return { outcome: 'nothing-to-do', createdContact: false };
      if (plan.contact.action === 'create') {
        const body = newContactBody(contactId, plan.contact.fields, plan.contact.owner);
        await client.run('create-contact', (api) => api.create({ collection: 'contacts', data: body }));
      }
      return { outcome: 'contact-only', contactId, createdContact: plan.contact.action === 'create' };
    },
  };
}
