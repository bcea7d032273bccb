import type { CallAiPlan } from '../domain/plan-call-ai';
import { DataverseError } from './dataverse-error';
import { phoneCallIdFor } from '../domain/phone-call-id';
import { odataString } from './odata-literal';
import { runChangeset } from './run-changeset';
import type { WebApiClient } from './web-api-client';

/**
 * Writes a call's AI analysis to its phone call (docs/adr/0114-ai-analysis-on-the-phone-call.md).
 *
 * `find(callId)` reads the call (by its primary key, derived from the call id like every write does, else
 * — logged under another id — by $filter on ringo_callid; docs/adr/0090) and
 * whether its note already exists (GET annotations(<id>)). `attach(plan, call)` is one $batch changeset
 * (ExecuteTransaction, Microsoft Learn developer/data-platform/webapi/execute-batch-operations-using-web-api):
 *   [reopen: PATCH statecode 0 / statuscode 1]  — completed phone calls "are read-only" (reference/entities/
 *       phonecall); SetState is a PATCH of statecode/statuscode (phonecall.md, Messages)
 *   PATCH phonecalls(id) with the ringo_ai* columns
 *   PATCH annotations(<deterministic id>) with If-None-Match: * — create only
 *       (webapi/perform-conditional-operations-using-web-api, "Prevent update in upsert"), the note bound by
 *       `objectid_phonecall@odata.bind`, the .vtt in `documentbody` (base64) with `filename` and
 *       `mimetype` (reference/entities/annotation; webapi/reference/annotation)
 *   [close again: PATCH the statecode/statuscode the call had]
 * Atomic: nobody ever sees the call reopened, and a failure leaves it as it was. A 412 means the note
 * exists (an earlier attempt whose answer was lost): already attached, nothing written twice.
 */

export interface AiTargetCall {
  activityid: string;
  statecode: number;
  statuscode: number;
}

export type AiTarget =
  { kind: 'no-call' } | { kind: 'attached'; activityid: string } | { kind: 'ready'; call: AiTargetCall };

export interface CallAiGateway {
  find(callId: string, annotationid: string): Promise<AiTarget>;
  /** 'attached', or 'already-attached' when the note appeared in the meantime. */
  attach(plan: CallAiPlan, call: AiTargetCall): Promise<'attached' | 'already-attached'>;
}

export function createWebApiCallAiGateway(options: { client: WebApiClient }): CallAiGateway {
  const { client } = options;
  const select = ['activityid', 'statecode', 'statuscode'];

  async function findCall(callId: string): Promise<AiTargetCall | undefined> {
    // Never the alternate key in the URL: call ids may hold characters a key literal cannot carry.
    try {
      return await client.run('read-call', (api) =>
        api.retrieve<AiTargetCall>({ collection: 'phonecalls', key: phoneCallIdFor(callId), select }),
      );
    } catch (error) {
      if (!(error instanceof DataverseError && error.status === 404)) throw error;
    }
    const page = await client.run('find-call', (api) =>
      api.retrieveMultiple<AiTargetCall>({
        collection: 'phonecalls',
        select,
        filter: `ringo_callid eq ${odataString(callId)}`,
        orderBy: ['createdon asc'],
        top: 1,
      }),
    );
    return page.value[0];
  }

  async function noteExists(annotationid: string): Promise<boolean> {
    try {
      await client.run('read-note', (api) =>
        api.retrieve({ collection: 'annotations', key: annotationid, select: ['annotationid'] }),
      );
      return true;
    } catch (error) {
      if (error instanceof DataverseError && error.status === 404) return false;
      throw error;
    }
  }

  return {
    async find(callId, annotationid) {
      const call = await findCall(callId);
      if (!call) return { kind: 'no-call' };
      if (await noteExists(annotationid)) return { kind: 'attached', activityid: call.activityid };
      return { kind: 'ready', call };
    },
    async attach(plan, call) {
      const closed = call.statecode !== 0;
      const { attachment, annotationid, ...note } = plan.note;
      try {
        await runChangeset(client, 'attach-ai', (api) => [
          ...(closed
            ? [
                api.update({
                  collection: 'phonecalls',
                  key: call.activityid,
                  data: { statecode: 0, statuscode: 1 },
                }),
              ]
            : []),
          api.update({ collection: 'phonecalls', key: call.activityid, data: { ...plan.fields } }),
          api.upsert({
            collection: 'annotations',
            key: annotationid,
            ifnonematch: '*',
            data: {
              ...note,
              ...(attachment ?? {}),
              'objectid_phonecall@odata.bind': `/phonecalls(${call.activityid})`,
            },
          }),
          ...(closed
            ? [
                api.update({
                  collection: 'phonecalls',
                  key: call.activityid,
                  data: { statecode: call.statecode, statuscode: call.statuscode },
                }),
              ]
            : []),
        ]);
        return 'attached';
      } catch (error) {
        if (error instanceof DataverseError && error.status === 412) return 'already-attached';
        throw error;
      }
    },
  };
}
