import { randomUUID } from 'node:crypto';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { ApplyResult, CallGateway, KeyMode } from '../domain/call-gateway';
import type { CallPlan, ContactStep, PhoneCallStep } from '../domain/call-plan';
import { DataverseError } from './dataverse-error';
import { callIdKey, isKeySafe, odataString } from './odata-literal';
import {
  newContactBody,
  onCallLoggedBody,
  phoneCallCreateBody,
  phoneCallUpdateBody,
} from './phonecall-payload';
import { runChangeset, type QueueRequests } from './run-changeset';
import type { WebApiClient } from './web-api-client';

/**
 * CallGateway on the Dataverse Web API: one $batch changeset per event (DESIGN.md §3, §4).
 *
 * A call seen for the first time (the common case, one request):
 *   [POST contacts (Content-ID 1)] → PATCH phonecalls(ringo_callid='…') with If-None-Match: * (create
 *   only) carrying every column, owner, regarding and the parties → PATCH statecode/statuscode →
 *   POST ringo_OnCallLogged.
 * The changeset is atomic (ExecuteTransaction), so a failure leaves nothing half-written.
 *
 * A call that already exists (a re-sent webhook, a retry after a lost response): the create answers
 * 412 (Microsoft Learn, developer/data-platform/webapi/perform-conditional-operations-using-web-api), the
 * whole changeset rolls back, and the gateway reads the call's state. Closed activities are read-only
 * ("Completed/Canceled phone calls are read-only", reference/entities/phonecall): a closed call is
 * "already logged", a success that writes nothing and never reopens it. An open call (a missed call kept
 * as a call-back) gets its columns refreshed; its parties were set on create and are left alone.
 *
 * Keyless orgs (the key is missing or its index not Active, DESIGN.md §4) find the call by $filter
 * first; the worker's one-writer-per-call rule makes find-then-create safe.
 */
export interface WebApiGatewayOptions {
  client: WebApiClient;
  keyMode: () => KeyMode;
  newId?: () => string;
}

interface ExistingCall {
  activityid: string;
  statecode: number;
}

type Queue = QueueRequests;

export function createWebApiGateway(options: WebApiGatewayOptions): CallGateway {
  const { client } = options;
  const newId = options.newId ?? randomUUID;

  function changeset(operation: string, queue: Queue): Promise<unknown[]> {
    return runChangeset(client, operation, queue);
  }

  function queueContact(
    api: DynamicsWebApi,
    contact: ContactStep,
    id: string | undefined,
  ): Array<Promise<unknown>> {
    if (contact.action !== 'create' || !id) return [];
    return [
      api.create({
        collection: 'contacts',
        contentId: '1',
        data: newContactBody(id, contact.fields, contact.owner),
      }),
    ];
  }

  function queueClose(api: DynamicsWebApi, step: PhoneCallStep, target: string): Array<Promise<unknown>> {
    if (!step.close) return [];
    return [api.update({ collection: 'phonecalls', key: target, data: { ...step.close } })];
  }

  async function createCall(
    plan: CallPlan,
    step: PhoneCallStep,
    contactId: string | undefined,
    byKey: boolean,
  ) {
    const contactRef = plan.contact.action === 'create' ? '$1' : contactId && `/contacts(${contactId})`;
    const target = byKey ? callIdKey(step.callId) : step.activityid;
    try {
      await changeset('log-call', (api) => [
        ...queueContact(api, plan.contact, contactId),
        byKey
          ? api.upsert({
              collection: 'phonecalls',
              key: target,
              ifnonematch: '*',
              data: phoneCallCreateBody(step, contactRef),
            })
          : api.create({ collection: 'phonecalls', data: phoneCallCreateBody(step, contactRef) }),
        ...queueClose(api, step, target),
        api.callAction({
          actionName: 'ringo_OnCallLogged',
          action: onCallLoggedBody(plan, step.activityid, contactId),
        }),
      ]);
      return 'created' as const;
    } catch (error) {
      if (error instanceof DataverseError && error.status === 412) return 'exists' as const;
      throw error;
    }
  }

  async function updateCall(
    plan: CallPlan,
    step: PhoneCallStep,
    contactId: string | undefined,
    existing: ExistingCall,
  ) {
    if (existing.statecode !== 0) return existing.activityid;
    const contactRef = plan.contact.action === 'create' ? '$1' : contactId && `/contacts(${contactId})`;
    try {
      await changeset('update-call', (api) => [
        ...queueContact(api, plan.contact, contactId),
        api.update({
          collection: 'phonecalls',
          key: existing.activityid,
          data: phoneCallUpdateBody(step, contactRef),
        }),
        ...queueClose(api, step, existing.activityid),
      ]);
      return undefined;
    } catch (error) {
      // Closed between our read and our write (an agent completed the call-back): still already logged.
      if (isClosedActivityError(error)) return existing.activityid;
      throw error;
    }
  }

  async function findCall(
    step: PhoneCallStep,
    by: 'key' | 'filter' | 'id',
  ): Promise<ExistingCall | undefined> {
    const select = ['activityid', 'statecode'];
    if (by === 'filter') {
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
    try {
      const key = by === 'key' ? callIdKey(step.callId) : step.activityid;
      return await client.run('read-call', (api) =>
        api.retrieve<ExistingCall>({ collection: 'phonecalls', key, select }),
      );
    } catch (error) {
      if (error instanceof DataverseError && error.status === 404) return undefined;
      throw error;
    }
  }

  async function logCall(
    plan: CallPlan,
    step: PhoneCallStep,
    contactId: string | undefined,
  ): Promise<ApplyResult> {
    const createdContact = plan.contact.action === 'create';
    const byKey = options.keyMode() === 'alternate-key' && isKeySafe(step.callId);
    let existing = byKey ? undefined : await findCall(step, 'filter');
    if (!existing) {
      if ((await createCall(plan, step, contactId, byKey)) === 'created') {
        return {
          outcome: 'logged',
          createdContact,
          phonecallId: step.activityid,
          ...(contactId ? { contactId } : {}),
        };
      }
      existing = await findCall(step, byKey ? 'key' : 'id');
      if (!existing) {
        throw new DataverseError(
          `phonecall ${step.callId} reported as existing but cannot be read`,
          409,
          'conflict',
        );
      }
    }
    const closed = await updateCall(plan, step, contactId, existing);
    const result = { createdContact: closed ? false : createdContact, phonecallId: existing.activityid };
    return closed
      ? { outcome: 'already-logged', ...result }
      : { outcome: 'logged', ...result, ...(contactId ? { contactId } : {}) };
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

/** Dataverse's answer to a write on a completed or canceled activity (0x80040203 "Cannot update Closed or Cancelled Activity"). */
export function isClosedActivityError(error: unknown): boolean {
  return (
    error instanceof DataverseError &&
    error.status === 400 &&
    /closed or cancel+ed activity/i.test(error.message)
  );
}
