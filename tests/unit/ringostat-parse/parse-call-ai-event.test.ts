import { parseCallAiEvent } from '../../../webhook-receiver/src/ringostat/parse-call-ai-event';

const ID = 'ua18_-1791545397.2215926';

describe('parseCallAiEvent', () => {
  test('reads every AI parameter of the contract; recommendations as a JSON list become lines', () => {
    expect(
      parseCallAiEvent({
        uniqueid: ID,
        ai_summary: ' Клієнт замовив диван. ',
        ai_customer_mood: 'Зацікавлений',
        ai_employee_mood: 'Спокійний',
        ai_overall_mood: 'Позитивна розмова',
        ai_recommendations: '["Надіслати рахунок","Підтвердити доставку"]',
        ai_transcript: `https://app.ringostat.com/recordings/${ID}.vtt?token=abc`,
        source: 'ringostat',
      }),
    ).toEqual({
      ok: true,
      event: {
        event: 'call-ai',
        callId: ID,
        summary: 'Клієнт замовив диван.',
        clientMood: 'Зацікавлений',
        employeeMood: 'Спокійний',
        overallMood: 'Позитивна розмова',
        recommendations: 'Надіслати рахунок\nПідтвердити доставку',
        transcriptUrl: `https://app.ringostat.com/recordings/${ID}.vtt?token=abc`,
        extra: { source: 'ringostat' },
      },
    });
  });

  test('the WEBVTT text itself is accepted in place of a link', () => {
    const result = parseCallAiEvent({ uniqueid: ID, ai_transcript: 'WEBVTT\n\n00:00.000 --> 00:01.000\nHi' });
    expect(result.ok && result.event.transcript).toMatch(/^WEBVTT/);
  });

  test('json-rpc bodies work here too', () => {
    const result = parseCallAiEvent({
      jsonrpc: '2.0',
      method: 'ai',
      params: { uniqueid: ID, ai_summary: 'x' },
    });
    expect(result.ok && result.event.summary).toBe('x');
  });

  test('a summary longer than its column is clipped with a warning, never refused', () => {
    const result = parseCallAiEvent({ uniqueid: ID, ai_summary: 'a'.repeat(12_000) });
    expect(result.ok && result.event.summary?.length).toBe(10_000);
    expect(result.ok && result.event.warnings).toEqual(['ai_summary: longer than 10000 characters; clipped']);
  });

  test.each([
    [{ ai_summary: 'x' }, 'uniqueid', /required/],
    [{ uniqueid: ID }, 'ai_summary', /without any AI parameter/],
    [{ uniqueid: ID, ai_transcript: 'javascript:alert(1)' }, 'ai_transcript', /link to the \.vtt/],
    [{ uniqueid: '1', ai_summary: 'x' }, 'uniqueid', /unique_call/],
    [
      { uniqueid: 'cdr-1', ai_summary: 'x', ai_transcript: `https://app.ringostat.com/recordings/${ID}.vtt` },
      'uniqueid',
      /not the id in the ai_transcript link/,
    ],
  ])('%p is refused on %s', (params, field, message) => {
    const result = parseCallAiEvent(params);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({ field, message: expect.stringMatching(message) }),
    ]);
  });
});
