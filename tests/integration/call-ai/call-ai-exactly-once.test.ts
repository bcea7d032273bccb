import { sampleTranscript } from '../../../emulators/ringostat/src/fixtures';
import { callAiNoteIdFor } from '../../../webhook-receiver/src/domain/plan-call-ai';
import type { InboxEventName } from '../../../webhook-receiver/src/ringostat/inbox-payload';
import { startAssembledStack, type AssembledStack } from '../support/assembled-stack';

jest.setTimeout(30_000);

/**
 * "Call processed by AI" lands on the call's phone call exactly once, before or after the after-call:
 * the assembled receiver against the Dataverse emulator and the Ringostat emulator (which serves the
 * .vtt by link) over real HTTP.
 */
let stack: AssembledStack;

beforeAll(async () => {
  stack = await startAssembledStack({
    withRingostatApi: false,
    env: { RINGO_LANGUAGE: 'en' },
    tuning: (ringostat) => ({
      transcriptOrigins: [ringostat.url],
      worker: { pollIntervalMs: 20, policy: { maxAttempts: 5, baseMs: 20, capMs: 100, jitter: 0 } },
    }),
  });
});

afterAll(() => stack.close());

let n = 0;
function aCall(over: Record<string, unknown> = {}) {
  n += 1;
  const uniqueid = `ua18_-18000${String(n).padStart(5, '0')}.77${n}`;
  return {
    uniqueid,
    calldate: '2026-03-02 14:05:11',
    call_type: 'in',
    caller: `38050${String(7000000 + n)}`,
    dst: '380441112233',
    disposition: 'ANSWERED',
    billsec: 60,
    duration: 70,
    ...over,
  };
}
function aiFor(uniqueid: string, over: Record<string, unknown> = {}) {
  const path = `/recordings/${uniqueid}.vtt`;
  stack.ringostat.emulator.seedFile(path, {
    body: sampleTranscript(),
    contentType: 'text/vtt',
    token: 'vtt-token',
  });
  return {
    uniqueid,
    ai_summary: 'The customer asked about the corner sofa and ordered the grey one.',
    ai_client_mood: 'Interested, friendly',
    ai_employee_mood: 'Calm, helpful',
    ai_overall_mood: 'A short, positive conversation',
    ai_recommendations: JSON.stringify(['Send the invoice', 'Confirm delivery on Thursday']),
    ai_transcript: `${stack.ringostat.url}${path}?token=vtt-token`,
    ...over,
  };
}

const post = (event: InboxEventName, body: Record<string, unknown>) => stack.post(event, body);
const settled = () => stack.settled();

const callOf = (uniqueid: string) =>
  stack.org.emulator.rows('phonecall').filter((r) => r.ringo_callid === uniqueid);
const notesOf = (activityid: unknown) =>
  stack.org.emulator
    .rows('annotation')
    .filter((r) => r.objectid === activityid && r.objectidtype === 'phonecall');

function expectAnalysis(uniqueid: string) {
  const [call, ...more] = callOf(uniqueid);
  expect(more).toHaveLength(0);
  expect(call).toMatchObject({
    statecode: 1,
    statuscode: 4,
    ringo_aisummary: 'The customer asked about the corner sofa and ordered the grey one.',
    ringo_aiclientmood: 'Interested, friendly',
    ringo_aiemployeemood: 'Calm, helpful',
    ringo_aioverallmood: 'A short, positive conversation',
    ringo_airecommendations: 'Send the invoice\nConfirm delivery on Thursday',
  });
  const notes = notesOf(call?.activityid);
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({
    annotationid: callAiNoteIdFor(uniqueid),
    subject: 'Ringostat AI: call analysis',
    mimetype: 'text/vtt',
    isdocument: true,
  });
  expect(Buffer.from(String(notes[0]?.documentbody), 'base64').toString('utf8')).toBe(sampleTranscript());
  expect(String(notes[0]?.notetext)).toMatch(/^Summary: The customer asked/);
  return call;
}

describe('the AI event exactly once', () => {
  it('after the after-call: a closed call gets the columns and one note with the .vtt, and stays closed', async () => {
    const call = aCall();
    expect((await post('after-call', call)).status).toBe(200);
    await settled();
    const ai = await post('call-ai', aiFor(call.uniqueid));
    expect(ai.status).toBe(200);
    await settled();
    const row = expectAnalysis(call.uniqueid);
    expect(stack.receiver.inbox.get(Number(ai.json.id))?.outcome).toBe(
      `AI analysis attached to phonecall ${String(row?.activityid)}`,
    );
  });

  it('before the after-call: it waits, and the after-call attaches it', async () => {
    const call = aCall();
    const ai = await post('call-ai', aiFor(call.uniqueid));
    await settled();
    expect(stack.receiver.inbox.get(Number(ai.json.id))?.outcome).toMatch(/^waiting for the after-call/);
    expect(callOf(call.uniqueid)).toHaveLength(0);
    const after = await post('after-call', call);
    await settled();
    expectAnalysis(call.uniqueid);
    expect(stack.receiver.inbox.get(Number(after.json.id))?.outcome).toMatch(
      /logged; .*; AI analysis attached/,
    );
  });

  it('re-sent, retried by an admin, or both events again: still one note', async () => {
    const call = aCall();
    await post('after-call', call);
    const ai = await post('call-ai', aiFor(call.uniqueid));
    await settled();
    expect((await post('call-ai', aiFor(call.uniqueid))).json.duplicate).toBe(true);
    // The inbox forgot both (retention), Ringostat re-sends them: the note is already there.
    stack.receiver.inbox.purgeDone(new Date(Date.now() + 86_400_000));
    await post('call-ai', aiFor(call.uniqueid));
    await post('after-call', call);
    await settled();
    expectAnalysis(call.uniqueid);
    const last = stack.receiver.inbox.list({ limit: 5 }).find((e) => e.event === 'call-ai');
    expect(last?.outcome).toMatch(/already attached/);
    expect(ai.status).toBe(200);
  });

  it('a transcript link that fails for a while is retried; one that is gone leaves the rest and says why', async () => {
    const flaky = aCall();
    await post('after-call', flaky);
    await settled();
    stack.ringostat.emulator.failNext(
      { status: 503 },
      { times: 2, path: `/recordings/${flaky.uniqueid}.vtt` },
    );
    await post('call-ai', aiFor(flaky.uniqueid));
    await settled();
    expectAnalysis(flaky.uniqueid);

    const gone = aCall();
    await post('after-call', gone);
    await settled();
    const ai = await post('call-ai', {
      ...aiFor(gone.uniqueid),
      ai_transcript: `${stack.ringostat.url}/recordings/missing.vtt?token=x`,
    });
    await settled();
    const [row] = callOf(gone.uniqueid);
    const [note] = notesOf(row?.activityid);
    expect(row?.ringo_aisummary).toMatch(/corner sofa/);
    expect(note).toMatchObject({ isdocument: false });
    expect(String(note?.notetext)).toMatch(/The transcript could not be fetched: the link answered HTTP 404/);
    expect(stack.receiver.inbox.get(Number(ai.json.id))?.outcome).toMatch(/without the transcript/);
  });

  it('a missed call kept open as a call-back gets the analysis and stays open', async () => {
    const call = aCall({ disposition: 'NO ANSWER', billsec: 0 });
    await post('after-call', call);
    await post('call-ai', aiFor(call.uniqueid, { ai_transcript: '' }));
    await settled();
    const [row] = callOf(call.uniqueid);
    expect(row).toMatchObject({ statecode: 0, ringo_aisummary: expect.stringMatching(/corner sofa/) });
    expect(notesOf(row?.activityid)).toHaveLength(1);
  });

  it('a transcript link to a host that is not Ringostat is never opened', async () => {
    const call = aCall();
    await post('after-call', call);
    await post(
      'call-ai',
      aiFor(call.uniqueid, { ai_transcript: 'https://169.254.169.254/latest/meta-data.vtt' }),
    );
    await settled();
    const [row] = callOf(call.uniqueid);
    expect(String(notesOf(row?.activityid)[0]?.notetext)).toMatch(/not an https address on a Ringostat host/);
  });

  it('an AI webhook without a call id or without any AI value is refused and kept', async () => {
    expect((await post('call-ai', { ai_summary: 'x' })).status).toBe(400);
    const empty = await post('call-ai', { uniqueid: 'ua18_-1.1' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.json)).toMatch(/without any AI parameter/);
    expect(
      stack.receiver.inbox.listRejected({ limit: 10 }).filter((r) => r.event === 'call-ai'),
    ).toHaveLength(2);
  });
});
