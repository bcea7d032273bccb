import { callAiNoteIdFor, planCallAi } from '../../../webhook-receiver/src/domain/plan-call-ai';
import { phoneCallIdFor } from '../../../webhook-receiver/src/domain/phone-call-id';
import type { CallAiEvent } from '../../../webhook-receiver/src/ringostat/call-ai-event';

const event: CallAiEvent = {
  event: 'call-ai',
  callId: 'ua18_-1791545397.2215926',
  summary: 'Клієнт замовив диван.',
  clientMood: 'Зацікавлений',
  recommendations: 'Надіслати рахунок\nПідтвердити доставку',
  extra: {},
};

describe('planCallAi', () => {
  it('writes the AI columns it has and one note with the same text, in the org language', () => {
    const plan = planCallAi(event, { kind: 'none' }, 'uk');
    expect(plan.fields).toEqual({
      ringo_aisummary: 'Клієнт замовив диван.',
      ringo_aiclientmood: 'Зацікавлений',
      ringo_airecommendations: 'Надіслати рахунок\nПідтвердити доставку',
    });
    expect(plan.note).toEqual({
      annotationid: callAiNoteIdFor(event.callId),
      subject: 'Ringostat AI: аналіз дзвінка',
      notetext:
        'Підсумок: Клієнт замовив диван.\n\nНастрій клієнта: Зацікавлений\n\nРекомендації:\nНадіслати рахунок\nПідтвердити доставку',
    });
  });

  it('attaches the transcript as a base64 .vtt with a safe file name', () => {
    const plan = planCallAi({ ...event, callId: 'a/b c' }, { kind: 'text', text: 'WEBVTT\n\nПривіт' }, 'en');
    expect(plan.note.attachment).toEqual({
      filename: 'ringostat-a_b_c.vtt',
      mimetype: 'text/vtt',
      documentbody: Buffer.from('WEBVTT\n\nПривіт', 'utf8').toString('base64'),
    });
    expect(plan.note.notetext).toMatch(/Transcript of the conversation: attached \(ringostat-a_b_c\.vtt\)$/);
  });

  it('says why there is no transcript when it could not be fetched', () => {
    expect(
      planCallAi(event, { kind: 'failed', reason: 'the link answered HTTP 404' }, 'en').note.notetext,
    ).toMatch(/The transcript could not be fetched: the link answered HTTP 404$/);
  });

  it('names one note per call, apart from the phone call’s own id', () => {
    expect(callAiNoteIdFor(event.callId)).toBe(callAiNoteIdFor(event.callId));
    expect(callAiNoteIdFor(event.callId)).not.toBe(callAiNoteIdFor('other'));
    expect(callAiNoteIdFor(event.callId)).not.toBe(phoneCallIdFor(event.callId));
    expect(callAiNoteIdFor(event.callId)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
