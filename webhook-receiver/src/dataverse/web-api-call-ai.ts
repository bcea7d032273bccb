import type { CallAiPlan } from '../domain/plan-call-ai';
import { isDuplicateKey } from './dataverse-codes';
import { DataverseError } from './dataverse-error';
import { phoneCallIdFor } from '../domain/phone-call-id';
import { odataString } from './odata-literal';
import { runChangeset } from './run-changeset';
import type { WebApiClient } from './web-api-client';

/**
 * Writes a call's AI analysis to its phone call (docs/adr/0114-ai-analysis-on-the-phone-call.md, the
 * request shapes in docs/adr/0140-ai-analysis-writes-in-documented-shapes.md).
 *
 * `find(callId)` reads the call (by its primary key, derived from the call id like every write does, else
 * — logged under another id — by $filter on ringo_callid; docs/adr/0090) and
 * whether its note already exists (GET annotations(<id>)). `attach(plan, call)` is one $batch changeset
 * (ExecuteTransaction, Microsoft Learn developer/data-platform/webapi/execute-batch-operations-using-web-api):
 *   [reopen: PATCH statecode 0 / statuscode 1]  — completed phone calls "are read-only" (reference/entities/
 *       phonecall); SetState is a PATCH of statecode/statuscode (phonecall.md, Messages)
 *   PATCH phonecalls(id) with the ringo_ai* columns, If-Match: * (update-delete-entities-using-web-api)
 *   POST annotations with the deterministic annotationid (webapi/create-entity-web-api; annotation.md lists
 *       AnnotationId among the writable columns and Create as POST /annotations), the note bound by
 *       `objectid_phonecall@odata.bind` ("Associate table rows on create"; annotation.md, relationship
 *       PhoneCall_Annotation), the .vtt in `documentbody` (base64) with `filename` and `mimetype`
 *   [close again: PATCH the statecode/statuscode the call had]
 * Atomic: nobody ever sees the call reopened, and a failure leaves it as it was. A create refused as a
 * duplicate (DuplicateRecord by code, or a 412 without one — dataverse-codes.ts, as for phone calls in
 * ADR 0090) means the note exists (an earlier attempt whose answer was lost): already attached, nothing
 * written twice.
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
          api.create({
            collection: 'annotations',
            data: {
              annotationid,
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
        if (error instanceof DataverseError && isDuplicateKey(error)) return 'already-attached';
        throw error;
      }
    },
  };
}
