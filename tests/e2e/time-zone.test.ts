import type { Frame } from 'playwright-core';
import { zoneOffsetMinutes } from '../../scripts/preview/zone-offset';
import { startHarness, type Harness, type TestPage } from './support/browser-harness';

/**
 * A CRM user in New York whose browser runs in UTC (a remote desktop, a kiosk): every page shows a call's
 * time in the user's CRM zone and format, and the journal, the player and the form agree to the character.
 */
jest.setTimeout(90_000);

let harness: Harness;
let page: TestPage;

beforeAll(async () => {
  harness = await startHarness({ timeZone: 'America/New_York', languageId: 1033, hostileNames: false });
  page = await harness.newPage({ width: 1366, height: 900, timezoneId: 'UTC' });
});
afterAll(async () => {
  await harness?.close();
});

/** What the CRM shows an en-US user with this offset: M/d/yyyy h:mm AM/PM (written out by hand here). */
function expected(iso: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(iso) + offsetMinutes * 60_000);
  const hour = local.getUTCHours();
  const minute = String(local.getUTCMinutes()).padStart(2, '0');
  const date = `${local.getUTCMonth() + 1}/${local.getUTCDate()}/${local.getUTCFullYear()}`;
  return `${date} ${hour % 12 === 0 ? 12 : hour % 12}:${minute} ${hour < 12 ? 'AM' : 'PM'}`;
}

it('the journal, the player and the form show the same time, in the CRM user’s zone and format', async () => {
  const id = harness.demo.calls.playable;
  const call = harness.emulator.rows('phonecall').find((row) => row['activityid'] === id) as Record<
    string,
    unknown
  >;
  const offset = zoneOffsetMinutes('America/New_York');
  const want = expected(String(call['actualstart']), offset);
  expect(want).not.toBe(expected(String(call['actualstart']), 0)); // the browser's UTC would differ
  expect(want).not.toBe(expected(String(call['actualstart']), zoneOffsetMinutes('Europe/Kyiv')));

  await page.goto(`${harness.preview.url}/webresources/ringo_/html/call_log.html`);
  await page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]');
  const journal = await page.textContent(`[data-callid="${id}"] > .c-when`);
  await page.click(`[data-callid="${id}"] [data-action="listen"]`);
  const inlinePlayer = await page.textContent('.ringo-player-row .ringo-player-caption');

  await page.goto(`${harness.preview.url}/preview/form/phonecall?id=${id}`);
  await page.waitForSelector('#f-start:not(:empty)');
  const form = await page.textContent('#f-start');
  const frame = page.frame({ url: /player\.html/ }) as Frame;
  await frame.waitForSelector('.ringo-player-caption');
  const player = await frame.textContent('.ringo-player-caption');

  expect({ journal, inlinePlayer, form, player }).toEqual({
    journal: want,
    inlinePlayer: `Call ${want}`,
    form: want,
    player: `Call ${want}`,
  });
  expect(page.errors).toEqual([]);
});

it('reads a typed date range as whole days in the CRM user’s zone', async () => {
  await page.goto(`${harness.preview.url}/webresources/ringo_/html/call_log.html?pageSize=100`);
  await page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]');
  expect(await page.getAttribute('#f-from', 'placeholder')).toBe('M/D/YYYY');
  const offset = zoneOffsetMinutes('America/New_York') * 60_000;
  const calls = harness.emulator.rows('phonecall');
  const day = (iso: unknown) => new Date(Date.parse(String(iso)) + offset).toISOString().slice(0, 10);
  const newest = day(
    calls
      .map((c) => String(c['actualstart']))
      .sort()
      .at(-1),
  );
  const [y, m, d] = newest.split('-').map(Number);
  await page.fill('#f-from', `${m}/${d}/${y}`);
  await page.fill('#f-to', `${m}/${d}/${y}`);
  await page.evaluate(() => document.querySelector('.ringo-totals')?.replaceChildren());
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-total="count"]');
  expect(await page.textContent('[data-total="count"]')).toBe(
    String(calls.filter((c) => day(c['actualstart']) === newest).length),
  );
});
