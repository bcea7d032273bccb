import type { Frame, Page } from 'playwright-core';
import { startHarness, type Harness } from './support/browser-harness';

/**
 * The recording player on the stand-in phone-call form, in real Chromium: the real form script hands
 * Xrm + formContext to the real player page, which plays a real WAV served by the preview.
 */
jest.setTimeout(60_000);

let harness: Harness;
let page: Page & { errors: string[] };

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage({ width: 900, height: 420 });
});
afterAll(async () => {
  await harness?.close();
});

async function openForm(activityId: string): Promise<Frame> {
  await page.goto(`${harness.preview.url}/preview/form/phonecall?id=${activityId}`);
  const frame = page.frame({ url: /player\.html/ });
  if (!frame) throw new Error('the player iframe did not load');
  await frame.waitForSelector('.ringo-player-controls, .ringo-player [data-state]');
  return frame;
}

it('requests nothing from the recording host until play is pressed (docs/adr/0087)', async () => {
  const recordings: string[] = [];
  const listener = (request: { url(): string }) => {
    if (request.url().includes('/preview/recordings/')) recordings.push(request.url());
  };
  page.on('request', listener);
  try {
    const frame = await openForm(harness.demo.calls.playable);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // time for a preload to have started
    expect(recordings).toEqual([]);
    expect(await frame.getAttribute('audio', 'preload')).toBe('none');
    expect(await frame.getAttribute('audio', 'src')).toBeNull();
    await frame.click('button[data-action="play"]');
    await frame.waitForFunction(
      () => (document.querySelector('audio') as HTMLAudioElement).currentTime > 0.2,
    );
    expect(recordings.length).toBeGreaterThan(0);
  } finally {
    page.off('request', listener);
  }
});

it('plays the recording: currentTime advances, pause stops it, speed and seek apply', async () => {
  const frame = await openForm(harness.demo.calls.playable);
  expect(await frame.textContent('.ringo-player-time')).toBe('0:00 / 0:06');

  await frame.click('button[data-action="play"]');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime > 0.3);
  expect(await frame.getAttribute('button.ringo-primary', 'data-action')).toBe('pause');
  expect(await frame.textContent('[role="status"].ringo-status')).toBe('Відтворюється');

  await frame.click('button[data-speed="2"]');
  expect(await frame.evaluate(() => (document.querySelector('audio') as HTMLAudioElement).playbackRate)).toBe(
    2,
  );
  expect(await frame.getAttribute('button[data-speed="2"]', 'aria-pressed')).toBe('true');

  await frame.click('button[data-action="pause"]');
  const stoppedAt = await frame.evaluate(
    () => (document.querySelector('audio') as HTMLAudioElement).currentTime,
  );
  expect(await frame.evaluate(() => (document.querySelector('audio') as HTMLAudioElement).paused)).toBe(true);

  await frame.fill('input.ringo-player-seek', '4');
  expect(
    await frame.evaluate(() => (document.querySelector('audio') as HTMLAudioElement).currentTime),
  ).toBeCloseTo(4, 0);
  expect(stoppedAt).toBeGreaterThan(0.3);
  await harness.screenshot(page, 'player'); // paused at 0:04 at 2×, so the picture is the same every run
  expect(await frame.getAttribute('a[download]', 'href')).toMatch(/\/preview\/recordings\/demo-2\.wav$/);
});

it('can be used with the keyboard alone', async () => {
  const frame = await openForm(harness.demo.calls.playable);
  await frame.focus('button[data-action="play"]');
  await page.keyboard.press('Enter');
  await frame.waitForFunction(() => !(document.querySelector('audio') as HTMLAudioElement).paused);
  await page.keyboard.press('Enter');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).paused);
});

it.each([
  ['missed', 'missed', 'Запису немає: дзвінок пропущено.'],
  ['notAnswered', 'not-answered', 'Запису немає: клієнт не відповів.'],
  ['notRecorded', 'not-recorded', 'Запису немає: Ringostat не записав цей дзвінок.'],
  ['notReady', 'not-ready', 'Запис ще не готовий'],
  ['expired', 'expired', 'Запис більше недоступний: посилання застаріло або файл видалено в Ringostat.'],
  ['javascript', 'refused', 'не веде по https'],
] as const)('a %s call shows the %s state', async (role, state, text) => {
  const frame = await openForm(harness.demo.calls[role]);
  // An expired link is found out only when played: nothing is fetched before (no preload).
  if (state === 'expired') await frame.click('button[data-action="play"]');
  const message = await frame.waitForSelector(`[data-state="${state}"]`);
  expect(await message.textContent()).toContain(text);
  if (state !== 'refused') {
    expect(await frame.getAttribute('[data-state] a', 'href')).toMatch(
      /^https:\/\/app\.ringostat\.com\/calls\//,
    );
  }
  await harness.screenshot(page, `player-${state}`);
});

it('never runs or links a javascript: recording URL', async () => {
  const frame = await openForm(harness.demo.calls.javascript);
  await frame.waitForSelector('[data-state="refused"]');
  expect(await frame.$('audio')).toBeNull();
  expect(await frame.evaluate(() => document.body.innerHTML.includes('javascript:'))).toBe(false);
  expect(
    await frame.evaluate(() => (window as unknown as { __ringoXss?: number }).__ringoXss),
  ).toBeUndefined();
  expect(page.errors).toEqual([]);
});

it('a recording that arrives later is picked up by "check again"', async () => {
  const frame = await openForm(harness.demo.calls.notReady);
  await frame.waitForSelector('[data-state="not-ready"]');
  // Ringostat finished the recording: the receiver would PATCH the call; here we write it through the Web API.
  const dataverseUrl = await page.evaluate(
    () => (window as unknown as { __ringoPreview: { dataverseUrl: string } }).__ringoPreview.dataverseUrl,
  );
  const response = await fetch(`${dataverseUrl}/api/data/v9.2/phonecalls(${harness.demo.calls.notReady})`, {
    method: 'PATCH',
    headers: { Authorization: 'Bearer test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ ringo_recordingurl: `${harness.preview.url}/preview/recordings/late.wav` }),
  });
  expect(response.status).toBeLessThan(300);
  await frame.click('[data-state="not-ready"] button');
  await frame.waitForSelector('audio', { state: 'attached' });
  expect(await frame.getAttribute('a[download]', 'href')).toMatch(/late\.wav$/);
});

it('the form reconnects the player after a tab state change without duplicating it', async () => {
  const frame = await openForm(harness.demo.calls.playable);
  await page.evaluate(() => (window as unknown as { __ringoTabChange(): void }).__ringoTabChange());
  await page.evaluate(() => (window as unknown as { __ringoTabChange(): void }).__ringoTabChange());
  await frame.waitForSelector('audio', { state: 'attached' });
  expect(await frame.$$eval('.ringo-player', (players) => players.length)).toBe(1);
  expect(await frame.$$eval('audio', (audios) => audios.length)).toBe(1);
});

it('the preview start page lists the newest calls, each opening its phone-call form with the player', async () => {
  await page.goto(`${harness.preview.url}/`);
  await page.waitForSelector('#calls a');
  expect(await page.$$eval('#calls a', (links) => links.length)).toBe(20);
  await page.click(`#calls a[href*="${harness.demo.calls.playable}"]`);
  await page.waitForURL(new RegExp(`/preview/form/phonecall\\?id=${harness.demo.calls.playable}&lang=uk$`));
  const frame = page.frame({ url: /player\.html/ });
  await frame?.waitForSelector('.ringo-player-controls');
  expect(page.errors).toEqual([]);
});
