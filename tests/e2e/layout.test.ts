import type { Frame } from 'playwright-core';
import { startHarness, type Harness, type TestPage } from './support/browser-harness';
import {
  horizontalOverflow,
  renderedControls,
  squeezedTexts,
  unreachableControls,
} from './support/layout-checks';

/**
 * Every page at the widths agents and admins really use — a laptop (1,366), a small laptop or tablet in
 * landscape (1,024), a tablet (768), phones (390, 360): every control is on screen or reachable by
 * scrolling down, nothing needs sideways scrolling or is clipped, no text wraps a character or two per
 * line, the settings page stays short, and the browser logs no error (not even a missing favicon).
 */
jest.setTimeout(180_000);

const WIDTHS = [1366, 1024, 768, 390, 360] as const;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ hostileNames: false, receiverUrl: 'https://ringostat.example.com' });
});
afterAll(async () => {
  await harness?.close();
});

async function open(width: number, path: string, ready: string): Promise<TestPage> {
  const page = await harness.newPage({ width, height: 800 });
  await page.goto(`${harness.preview.url}${path}`);
  await page.waitForSelector(ready);
  return page;
}

async function expectLaidOut(page: TestPage, target: TestPage | Frame, required: readonly string[]) {
  expect(await unreachableControls(target, required)).toEqual([]);
  expect(await unreachableControls(target, await renderedControls(target))).toEqual([]);
  expect(await squeezedTexts(target)).toEqual([]);
  expect(await horizontalOverflow(target)).toBeLessThanOrEqual(0);
  expect(page.errors).toEqual([]);
  expect(page.consoleErrors).toEqual([]);
}

describe.each(WIDTHS)('at %i px', (width) => {
  it('the call journal: filters, sorting, export, paging and every call’s actions are reachable', async () => {
    const page = await open(
      width,
      '/webresources/ringo_/html/call_log.html',
      '#ringo-call-log[aria-busy="false"] [data-total="count"]',
    );
    const call = `[data-callid="${harness.demo.calls.playable}"]`;
    const sort = width >= 960 ? '[data-sort="when"]' : '#f-sort';
    await expectLaidOut(page, page, [
      '#f-search',
      '#f-direction',
      '#f-result',
      '#f-from',
      '#f-to',
      '#f-owner',
      sort,
      'button[type="submit"]',
      'button[type="reset"]',
      '[data-action="export-csv"]',
      '[data-action="previous-page"]',
      '[data-action="next-page"]',
      `${call} [data-action="listen"]`,
      `${call} [data-action="open-call"]`,
      `${call} [data-action="open-contact"]`,
    ]);
    // The inline player opened on a phone still fits.
    await page.click(`${call} [data-action="listen"]`);
    await page.waitForSelector('.ringo-player-row button[data-action="play"]');
    await expectLaidOut(page, page, [
      '.ringo-player-row [data-action="play"]',
      '.ringo-player-row a[download]',
    ]);
    await page.context().close();
  });

  it('one contact’s calls (the component on the contact form)', async () => {
    const contact = harness.demo.contacts[0] as string;
    const page = await open(
      width,
      `/webresources/ringo_/html/call_log.html?id=%7B${contact}%7D&typename=contact`,
      '#ringo-call-log[aria-busy="false"] [data-total="count"]',
    );
    await expectLaidOut(page, page, [
      '#f-search',
      '[data-action="export-csv"]',
      `[data-callid="${harness.demo.calls.playable}"] [data-action="listen"]`,
      `[data-callid="${harness.demo.calls.playable}"] [data-action="open-call"]`,
    ]);
    await page.context().close();
  });

  it('the settings page: webhook URLs copyable without a character-per-line column, and the page stays short', async () => {
    const page = await open(
      width,
      '/webresources/ringo_/html/settings.html',
      '#ringo-settings[aria-busy="false"] code[data-url]',
    );
    await expectLaidOut(page, page, [
      '#webhook-token',
      'button[data-copy="before-call"]',
      'button[data-copy="after-call"]',
      'button[data-copy="after-outgoing-call"]',
      'code[data-url="after-outgoing-call"]',
      '#v-ringo_ReceiverUrl',
      '#v-ringo_DefaultOwnerId',
      '#v-ringo_DefaultCountry',
      '#v-ringo_MissedCallMode',
      '#v-ringo_CallbackDueHours',
      '#v-ringo_Language',
      'button[type="submit"]',
      '[data-action="check-connection"]',
    ]);
    // Three cards (webhook URLs, settings with the forwarding rules folded, the staff card — docs/adr/0117,
    // 0145); a character-per-line column or a field per screen would be several times taller.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(width >= 768 ? 1450 : 2300);
    await page.context().close();
  });

  it('the phone-call form with the recording player', async () => {
    const page = await open(
      width,
      `/preview/form/phonecall?id=${harness.demo.calls.playable}`,
      '#f-start:not(:empty)',
    );
    const frame = page.frame({ url: /player\.html/ }) as Frame;
    await frame.waitForSelector('.ringo-player-controls');
    await expectLaidOut(page, frame, [
      'button[data-action="play"]',
      'input.ringo-player-seek',
      'button[data-speed="2"]',
      'a[download]',
    ]);
    await expectLaidOut(page, page, []);
    await page.context().close();
  });

  it('the preview start page', async () => {
    const page = await open(width, '/', '#calls a');
    await expectLaidOut(page, page, ['a[href*="call_log.html"]', 'a[href*="settings.html"]', '#calls a']);
    await page.context().close();
  });
});
