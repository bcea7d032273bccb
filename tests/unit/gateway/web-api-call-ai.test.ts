import { createWebApiCallAiGateway } from '../../../webhook-receiver/src/dataverse/web-api-call-ai';
import { phoneCallIdFor } from '../../../webhook-receiver/src/domain/phone-call-id';
import { planCallAi } from '../../../webhook-receiver/src/domain/plan-call-ai';
import { startFixture, type GatewayFixture } from './gateway-fixture';

/**
 * The AI analysis writes against the Dataverse emulator (docs/adr/0140): one changeset that reopens a
 * completed call, writes the columns, creates the note by POST with its deterministic id and closes the
 * call again; a second attempt is refused by the note's primary key and reported "already attached".
 */
let fx: GatewayFixture;
beforeEach(async () => {
  fx = await startFixture({ recordBodies: true });
});
afterEach(() => fx.close());

const callId = 'ua18_-1800099001.1';
const plan = (summary: string) =>
  planCallAi(
    { event: 'call-ai', callId, summary, extra: {} },
    { kind: 'text', text: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nAlló\n' },
    'en',
  );

function completedCall(): string {
  const activityid = phoneCallIdFor(callId);
  fx.org.emulator.insert('phonecall', { activityid, subject: 'call', ringo_callid: callId });
  return activityid;
}

describe('AI analysis writes', () => {
  test('a completed call gets the columns and one note created by POST, and is completed again', async () => {
    const activityid = completedCall();
    const gateway = createWebApiCallAiGateway({ client: fx.client });
    await fx.client.run('close', (api) =>
      api.update({ collection: 'phonecalls', key: activityid, data: { statecode: 1, statuscode: 4 } }),
    );
    const target = await gateway.find(callId, plan('x').note.annotationid);
    if (target.kind !== 'ready') throw new Error(`expected ready, got ${target.kind}`);
    fx.org.emulator.resetRequestLog();
    expect(await gateway.attach(plan('Ordered the sofa'), target.call)).toBe('attached');

    const parts = fx.org.emulator.requests()[0]?.parts ?? [];
    expect(parts.map((p) => `${p.method} ${p.url.replace(/^.*\/v9\.2\//, '')}`)).toEqual([
      `PATCH phonecalls(${activityid})`,
      `PATCH phonecalls(${activityid})`,
      'POST annotations',
      `PATCH phonecalls(${activityid})`,
    ]);
    expect(parts[2]?.headers['if-none-match']).toBeUndefined();
    const call = fx.org.emulator.rows('phonecall').find((r) => r.activityid === activityid);
    expect(call).toMatchObject({ statecode: 1, statuscode: 4, ringo_aisummary: 'Ordered the sofa' });
    const notes = fx.org.emulator.rows('annotation');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ objectid: activityid, objectidtype: 'phonecall', isdocument: true });
  });

  test('a second attach (the first answer was lost) is "already attached" and changes nothing', async () => {
    const activityid = completedCall();
    const gateway = createWebApiCallAiGateway({ client: fx.client });
    const call = { activityid, statecode: 0, statuscode: 1 };
    expect(await gateway.attach(plan('First'), call)).toBe('attached');
    expect(await gateway.attach(plan('Second'), call)).toBe('already-attached');
    expect(fx.org.emulator.rows('annotation')).toHaveLength(1);
    const row = fx.org.emulator.rows('phonecall').find((r) => r.activityid === activityid);
    expect(row?.ringo_aisummary).toBe('First');
  });
});
