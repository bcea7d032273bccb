import { createCallAiPanel } from '../../webresources/src/call-ai/call-ai-panel';
import { loadCallAi } from '../../webresources/src/call-ai/call-ai-source';
import { callAiTexts } from '../../webresources/src/call-ai/call-ai-texts';
import { lineAt, parseVtt } from '../../webresources/src/call-ai/parse-vtt';

describe('parseVtt', () => {
  it('reads cues with voice spans, cue ids, hours or not, and skips NOTE and header blocks', () => {
    const vtt =
      '\uFEFFWEBVTT - call\r\n\r\nNOTE made by Ringostat AI\r\n\r\n1\r\n00:00:00.000 --> 00:00:02.500\r\n<v Менеджер>Добрий день!\r\n\r\n' +
      '00:02.500 --> 00:05.000 align:start\n<v.loud Клієнт>Хочу <i>диван</i>.\n\n01:00:00,000 --> 01:00:01,000\nМенеджер: Дякую\nза дзвінок\n';
    expect(parseVtt(vtt)).toEqual([
      { start: 0, end: 2.5, speaker: 'Менеджер', text: 'Добрий день!' },
      { start: 2.5, end: 5, speaker: 'Клієнт', text: 'Хочу диван.' },
      { start: 3600, end: 3601, speaker: 'Менеджер', text: 'Дякую за дзвінок' },
    ]);
  });

  it('is empty for anything that is not WebVTT, and skips cues without text', () => {
    expect(parseVtt('<html>login</html>')).toEqual([]);
    expect(parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n\n')).toEqual([]);
  });

  it('lineAt keeps the line just spoken through a pause and is -1 before the first', () => {
    const lines = parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:04.000 --> 00:05.000\nb\n');
    expect([0.5, 1, 3, 4.2, 99].map((t) => lineAt(lines, t))).toEqual([-1, 0, 0, 1, 1]);
  });
});

describe('loadCallAi', () => {
  const id = 'a1b2c3d4-0000-4000-8000-000000000001';
  const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v Клієнт>Привіт\n';
  function webApi(call: Record<string, unknown>, notes: Array<Record<string, unknown>>) {
    const asked: string[] = [];
    return {
      asked,
      retrieveRecord: async (entity: string, key: string, options?: string) => {
        asked.push(`${entity}(${key})${options ?? ''}`);
        return call;
      },
      retrieveMultipleRecords: async (entity: string, options?: string) => {
        asked.push(`${entity}${options ?? ''}`);
        return { entities: notes };
      },
    } as unknown as Pick<Xrm.WebApi, 'retrieveRecord' | 'retrieveMultipleRecords'> & { asked: string[] };
  }

  it('reads the AI columns and the .vtt note of the call', async () => {
    const api = webApi({ ringo_aisummary: 'Підсумок', ringo_airecommendations: 'Раз\n\nДва ' }, [
      { documentbody: Buffer.from(vtt, 'utf8').toString('base64') },
    ]);
    expect(await loadCallAi(api, `{${id.toUpperCase()}}`)).toEqual({
      summary: 'Підсумок',
      recommendations: ['Раз', 'Два'],
      transcript: [{ start: 0, end: 1, speaker: 'Клієнт', text: 'Привіт' }],
    });
    expect(api.asked[1]).toBe(
      `annotation?$select=documentbody,filename&$filter=_objectid_value eq ${id} and mimetype eq 'text/vtt'&$orderby=createdon desc&$top=1`,
    );
  });

  it('is undefined for a call without an analysis, and asks nothing for an id that is not a GUID', async () => {
    expect(await loadCallAi(webApi({}, []), id)).toBeUndefined();
    const api = webApi({}, []);
    expect(await loadCallAi(api, "x' or 1 eq 1")).toBeUndefined();
    expect(api.asked).toEqual([]);
  });
});

describe('the AI panel', () => {
  const lines = parseVtt(
    'WEBVTT\n\n00:00.000 --> 00:02.000\n<v A>one\n\n00:02.000 --> 00:04.000\n<v B>two\n\n00:04.000 --> 00:06.000\n<v A>three\n',
  );

  it('marks exactly one current line as the time moves, and marks and plays from a line’s time when it is clicked', () => {
    const played: number[] = [];
    const panel = createCallAiPanel(document, { texts: callAiTexts('en'), playFrom: (s) => played.push(s) });
    document.body.appendChild(panel.element);
    panel.show({ summary: 'S', recommendations: [], transcript: lines });
    const current = () =>
      Array.from(panel.element.querySelectorAll('.ringo-ai-line')).map((l) => l.getAttribute('aria-current'));
    panel.highlight(2.5);
    expect(current()).toEqual([null, 'true', null]);
    panel.highlight(5);
    expect(current()).toEqual([null, null, 'true']);
    (panel.element.querySelectorAll('.ringo-ai-time')[0] as HTMLButtonElement).click();
    expect(played).toEqual([0]);
    expect(current()).toEqual(['true', null, null]);
    expect(panel.element.querySelectorAll('.ringo-ai-time')[2]?.getAttribute('aria-label')).toBe(
      'Play from 0:04',
    );
  });

  it('is hidden without an analysis, says when there is no transcript, and shows a load failure', () => {
    const panel = createCallAiPanel(document, { texts: callAiTexts('uk'), playFrom: () => undefined });
    panel.show(undefined);
    expect(panel.element.hidden).toBe(true);
    panel.show({ overallMood: 'OK', recommendations: [], transcript: [] });
    expect(panel.element.textContent).toContain('Розшифровки для цього дзвінка немає.');
    panel.failed('HTTP 403');
    expect(panel.element.textContent).toBe('Не вдалося завантажити аналіз дзвінка: HTTP 403');
  });
});
