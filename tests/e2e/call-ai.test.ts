import type { Frame, Page } from 'playwright-core';
import { seedDemoCallAi } from '../../scripts/preview/demo-call-ai';
import { startHarness, type Harness } from './support/browser-harness';
import { LAYOUTS } from './support/layouts';

/**
 * The AI analysis under the recording player on the stand-in phone-call form, in real Chromium: the real
 * form script, player page and call-ai module read the call's ringo_ai* columns and the .vtt note through
 * Xrm.WebApi from the Dataverse emulator, and the current line follows a real WAV as it plays.
 */
jest.setTimeout(90_000);

let harness: Harness;
let withAi = '';

beforeAll(async () => {
  harness = await startHarness();
  withAi = seedDemoCallAi(harness.emulator, {
    recordingBaseUrl: `${harness.preview.url}/preview/recordings`,
  });
});
afterAll(async () => {
  await harness?.close();
});

async function openForm(page: Page, activityId: string, lang = 'uk'): Promise<Frame> {
  await page.goto(`${harness.preview.url}/preview/form/phonecall?id=${activityId}&lang=${lang}`);
  const frame = page.frame({ url: /player\.html/ });
  if (!frame) throw new Error('the player iframe did not load');
  await frame.waitForSelector('.ringo-player-controls, .ringo-player [data-state]');
  return frame;
}

/** The form gives the web resource the height of its rows; here the iframe grows to its content. */
async function fitFrame(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frame = document.getElementById('WebResource_recordingplayer') as HTMLIFrameElement;
    frame.style.height = `${(frame.contentDocument?.documentElement.scrollHeight ?? 400) + 4}px`;
  });
}

/** Where each playback really started: the position at every `playing` event of the page's audio. */
async function recordStarts(frame: Frame): Promise<() => Promise<number[]>> {
  await frame.evaluate(() => {
    const starts: number[] = [];
    (window as unknown as { __starts: number[] }).__starts = starts;
    document.addEventListener(
      'playing',
      (e) => starts.push((e.target as HTMLMediaElement).currentTime),
      true,
    );
  });
  return () => frame.evaluate(() => (window as unknown as { __starts: number[] }).__starts);
}

const currentLine = (frame: Frame) =>
  frame.$$eval('.ringo-ai-line', (lines) => lines.map((l) => l.getAttribute('aria-current') === 'true'));

it('shows the summary, moods, recommendations and the transcript lines with speakers, as text', async () => {
  const page = await harness.newPage({ width: 1366, height: 900 });
  const frame = await openForm(page, withAi);
  await frame.waitForSelector('.ringo-ai:not([hidden]) .ringo-ai-line');
  expect(await frame.textContent('.ringo-ai-summary')).toBe(
    'Підсумок: Клієнт питав про кутовий диван «Оскар»; домовилися про доставку в четвер.',
  );
  expect(await frame.$$eval('.ringo-ai-field', (fields) => fields.map((f) => f.textContent))).toEqual([
    'Настрій клієнтаЗацікавлений, доброзичливий',
    'Настрій співробітникаСпокійний, уважний',
    'Загальний настрійКоротка позитивна розмова',
  ]);
  expect(await frame.$$eval('.ringo-ai-recommendations li', (li) => li.map((l) => l.textContent))).toEqual([
    'Надіслати рахунок',
    'Підтвердити доставку в четвер',
  ]);
  expect(
    await frame.$$eval('.ringo-ai-line', (lines) =>
      lines.map((l) => [
        l.querySelector('.ringo-ai-time')?.textContent,
        l.querySelector('.ringo-ai-speaker')?.textContent,
      ]),
    ),
  ).toEqual([
    ['0:00', 'Менеджер'],
    ['0:01', 'Клієнт'],
    ['0:03', 'Менеджер'],
  ]);
  expect(page.errors).toEqual([]);
});

it('highlights the line being spoken while the recording plays, and plays from a line when asked', async () => {
  const page = await harness.newPage({ width: 1366, height: 900 });
  const frame = await openForm(page, withAi);
  await frame.waitForSelector('.ringo-ai-line');
  expect(await currentLine(frame)).toEqual([false, false, false]);

  await frame.click('button[data-action="play"]');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime > 0.2);
  await frame.waitForSelector('.ringo-ai-line[aria-current="true"]');
  expect(await currentLine(frame)).toEqual([true, false, false]);
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime > 2.1);
  await frame.waitForFunction(
    () => document.querySelectorAll('.ringo-ai-line')[1]?.getAttribute('aria-current') === 'true',
  );
  expect(await currentLine(frame)).toEqual([false, true, false]);

  await frame.click('button[data-action="pause"]');
  await frame.click('.ringo-ai-line:nth-child(3) .ringo-ai-time');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime >= 3.6);
  await frame.waitForFunction(
    () => document.querySelectorAll('.ringo-ai-line')[2]?.getAttribute('aria-current') === 'true',
  );
  expect(await currentLine(frame)).toEqual([false, false, true]);
  expect(await frame.getAttribute('.ringo-ai-line:nth-child(3) .ringo-ai-time', 'aria-label')).toBe(
    'Відтворити з 0:03',
  );
  expect(page.errors).toEqual([]);
});

it('plays from a transcript line before the recording was ever loaded, and marks that line at once', async () => {
  const page = await harness.newPage({ width: 1366, height: 900 });
  const frame = await openForm(page, withAi);
  await frame.waitForSelector('.ringo-ai-line');
  const starts = await recordStarts(frame);
  // Opening the form fetched nothing (docs/adr/0087): the audio has no source yet.
  expect(await frame.$eval('audio', (a) => a.getAttribute('src'))).toBeNull();

  await frame.click('.ringo-ai-line:nth-child(2) .ringo-ai-time');
  expect(await currentLine(frame)).toEqual([false, true, false]);
  await frame.waitForFunction(() => !(document.querySelector('audio') as HTMLAudioElement).paused);
  await frame.waitForFunction(() => (window as unknown as { __starts: number[] }).__starts.length > 0);
  expect((await starts())[0]).toBeGreaterThanOrEqual(1.8);
  await frame.click('button[data-action="pause"]');
  expect(page.errors).toEqual([]);
});

it('starts playback where the agent moved the seek bar before pressing play', async () => {
  const page = await harness.newPage({ width: 1366, height: 900 });
  const frame = await openForm(page, withAi);
  await frame.waitForSelector('.ringo-ai-line');
  const starts = await recordStarts(frame);
  await frame.fill('input.ringo-player-seek', '3.7');
  expect(await frame.textContent('.ringo-player-time')).toBe('0:03 / 0:06');
  expect(await frame.$eval('audio', (a) => a.getAttribute('src'))).toBeNull();

  await frame.click('button[data-action="play"]');
  await frame.waitForFunction(() => (window as unknown as { __starts: number[] }).__starts.length > 0);
  expect((await starts())[0]).toBeGreaterThanOrEqual(3.6);
  await frame.waitForFunction(
    () => document.querySelectorAll('.ringo-ai-line')[2]?.getAttribute('aria-current') === 'true',
  );
  await frame.click('button[data-action="pause"]');
  expect(page.errors).toEqual([]);
});

it('a call without an AI analysis shows only the player', async () => {
  const page = await harness.newPage({ width: 900, height: 420 });
  const frame = await openForm(page, harness.demo.calls.playable);
  await frame.waitForFunction(() => document.querySelector('.ringo-ai') !== null);
  expect(await frame.$eval('.ringo-ai', (el) => (el as HTMLElement).hidden)).toBe(true);
});

it('renders markup inside the transcript and the summary as text', async () => {
  const hostile = seedDemoCallAi(
    {
      insert: (entity, row) =>
        harness.emulator.insert(
          entity,
          entity === 'phonecall'
            ? {
                ...row,
                ringo_callid: 'demo-ai-xss',
                ringo_aisummary: '<img src=x onerror="window.__ringoXss=1">',
              }
            : {
                ...row,
                documentbody: Buffer.from(
                  'WEBVTT\n\n00:00.000 --> 00:02.000\n<v Boss>&lt;script&gt;window.__ringoXss=2&lt;/script&gt; <b>bold</b>\n',
                ).toString('base64'),
              },
        ),
    },
    { recordingBaseUrl: `${harness.preview.url}/preview/recordings` },
  );
  const page = await harness.newPage({ width: 900, height: 600 });
  const frame = await openForm(page, hostile, 'en');
  await frame.waitForSelector('.ringo-ai-line');
  expect(await frame.textContent('.ringo-ai-summary')).toBe(
    'Summary: <img src=x onerror="window.__ringoXss=1">',
  );
  expect(await frame.textContent('.ringo-ai-words')).toBe('<script>window.__ringoXss=2</script> bold');
  expect(await frame.$$eval('.ringo-ai script, .ringo-ai img, .ringo-ai b', (found) => found.length)).toBe(0);
  expect(
    await frame.evaluate(() => (window as unknown as { __ringoXss?: number }).__ringoXss),
  ).toBeUndefined();
});

it.each(LAYOUTS)('lays out at %i px in %s (screenshot)', async (width, lang) => {
  const page = await harness.newPage({ width, height: 900 });
  const frame = await openForm(page, withAi, lang);
  await frame.waitForSelector('.ringo-ai-line');
  // The recording loads only when the agent plays it (docs/adr/0087): play, pause, then seek, so every
  // run takes the same picture (paused at 0:02, the second line current).
  await frame.click('button[data-action="play"]');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).readyState >= 1);
  await frame.click('button[data-action="pause"]');
  await frame.fill('input.ringo-player-seek', '2.5');
  await frame.waitForFunction(() => {
    const audio = document.querySelector('audio') as HTMLAudioElement;
    return audio.paused && !audio.seeking && audio.currentTime === 2.5;
  });
  await frame.waitForFunction(
    () => document.querySelectorAll('.ringo-ai-line')[1]?.getAttribute('aria-current') === 'true',
  );
  expect(await frame.textContent('.ringo-player-time')).toBe('0:02 / 0:06');
  await fitFrame(page);
  // Nothing wider than the screen: the agent never scrolls sideways.
  expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await harness.screenshot(page, `call-ai-${width}-${lang}`);
  expect(page.errors).toEqual([]);
});
