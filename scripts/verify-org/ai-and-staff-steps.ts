import { createWebApiCallAiGateway } from '../../webhook-receiver/src/dataverse/web-api-call-ai';
import { createWebApiCrmUsers } from '../../webhook-receiver/src/dataverse/web-api-crm-users';
import { callAiNoteIdFor, planCallAi } from '../../webhook-receiver/src/domain/plan-call-ai';
import { createCrmStateRefresh } from '../../webhook-receiver/src/forwarding/crm-state-refresh';
import type { CrmUser, StateKey } from '../../webhook-receiver/src/forwarding/forwarding-store';
import type { Step, StepResult } from './verify-steps';

/**
 * verify-org steps for the AI analysis (docs/adr/0140) and the two systemuser reads that only run
 * inside the receiver (the staff directory and forwarding's background copy): on a real org they show
 * whether a note can be attached to a completed phone call after reopening it, and whether a repeat is
 * refused by the note's primary key as the receiver expects. The test call's note goes with the call
 * in the clean-up (annotation.md, PhoneCall_Annotation: Delete Cascade).
 */
const pass = (note: string): StepResult => ({ level: 'pass', note });

const TRANSCRIPT = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nverify-org\n';

export const AI_AND_STAFF_STEPS: readonly Step[] = [
  {
    name: 'AI analysis on a completed call: columns and one note, in one changeset',
    shapes:
      'GET phonecalls({id}); GET annotations({id}) 404; POST $batch [PATCH phonecalls({id}) statecode 0, PATCH ringo_ai*, POST annotations, PATCH statecode/statuscode]',
    needs: (ctx) => (ctx.state.settings ? undefined : 'the settings could not be read'),
    async run(ctx) {
      const callId = ctx.calls.answered.callId;
      const gateway = createWebApiCallAiGateway({ client: ctx.client });
      const target = await gateway.find(callId, callAiNoteIdFor(callId));
      if (target.kind !== 'ready')
        throw new Error(`expected the completed test call without a note, found "${target.kind}"`);
      const plan = planCallAi(
        { event: 'call-ai', callId, summary: 'verify-org', extra: {} },
        { kind: 'text', text: TRANSCRIPT },
        ctx.state.settings?.language ?? 'en',
      );
      const first = await gateway.attach(plan, target.call);
      if (first !== 'attached')
        throw new Error(`expected "attached", the receiver's code ended with "${first}"`);
      const again = await gateway.attach(plan, target.call);
      if (again !== 'already-attached')
        throw new Error(
          `a repeated note was not refused as a duplicate ("${again}"): it may be written twice`,
        );
      return pass(
        `note ${plan.note.annotationid} on the reopened and re-completed call; the repeat was refused by its key`,
      );
    },
  },
  {
    name: 'staff directory: enabled CRM users with e-mail and staff id',
    shapes: 'GET systemusers?$filter=isdisabled eq false (paged)',
    async run(ctx) {
      const users = await createWebApiCrmUsers(ctx.client).listUsers();
      return pass(`${users.length} enabled user(s)`);
    },
  },
  {
    name: "forwarding: every CRM user's staff id and whether it is disabled",
    shapes: 'GET systemusers?$select=systemuserid,isdisabled,ringo_ringostatstaffid (paged)',
    async run(ctx) {
      const state = new Map<StateKey, string>();
      let users: CrmUser[] | undefined;
      const failures: string[] = [];
      const refresh = createCrmStateRefresh({
        client: ctx.client,
        store: {
          replaceUsers: (rows) => void (users = rows),
          setState: (key, value) => void state.set(key, value),
          state: (key) => state.get(key),
        },
        overrides: {},
        clock: { now: () => new Date() },
        onValues: () => undefined,
        onError: (error, part) => failures.push(`${part}: ${String(error)}`),
      });
      await refresh.refresh();
      refresh.stop();
      if (failures.length > 0) throw new Error(failures.join('; '));
      return pass(`${users?.length ?? 0} user(s), with their staff ids and enabled state`);
    },
  },
];
