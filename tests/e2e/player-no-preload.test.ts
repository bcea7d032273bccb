import type { Frame, Page, Request } from 'playwright-core';
import { startHarness, type Harness } from './support/browser-harness';

/**
 * Opening a phone call sends nothing to the recording host (docs/adr/0087): no preload, no src until
 * the agent presses play. Checked on the requests real Chromium makes for the player's frame.
 */
jest.setTimeout(60_000);

let harness: Harness;
let page: Page & { errors: string[] };
const recordings: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage({ width: 390, height: 640 });
  page.on('request', (request: Request) => {
    if (request.url().includes('/preview/recordings/')) recordings.push(request.url());
  });
});
afterAll(async () => {
  await harness?.close();
});

async function openForm(activityId: string): Promise<Frame> {
  await page.goto(`${harness.preview.url}/preview/form/phonecall?id=${activityId}`);
  const frame = page.frame({ url: /player\.html/ });
  if (!frame) throw new Error('the player iframe did not load');
  await frame.waitForSelector('.ringo-player-controls');
  return frame;
}

it('no request for the recording until play is pressed; then it plays', async () => {
  const frame = await openForm(harness.demo.calls.playable);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // time for any preload to have started
  expect(recordings).toEqual([]);
  expect(await frame.getAttribute('audio', 'preload')).toBe('none');
  expect(await frame.getAttribute('audio', 'src')).toBeNull();

  await frame.click('button[data-action="play"]');
  await frame.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime > 0.2);
  expect(recordings.length).toBeGreaterThan(0);
  expect(page.errors).toEqual([]);
});
