import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './support/browser-harness';

/** The call log in real Chromium, against the Dataverse emulator through the preview's Xrm stand-in. */
jest.setTimeout(60_000);

const ANSWERED = 107350000;
const MISSED = 107350001;
let harness: Harness;
let page: Page & { errors: string[] };

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await harness?.close();
});

const journal = () => `${harness.preview.url}/webresources/ringo_/html/call_log.html`;
const calls = () => harness.emulator.rows('phonecall');
const rowIds = () => page.$$eval('[data-callid]', (rows) => rows.map((r) => r.getAttribute('data-callid')));
const total = (key: string) => page.textContent(`[data-total="${key}"]`);

async function settled(): Promise<void> {
  await page.waitForSelector('#ringo-call-log[aria-busy="false"]');
  await page.waitForSelector('[data-total="count"]');
}

async function applyFilters(fill: () => Promise<void>): Promise<void> {
  await fill();
  // Clear the old totals so `settled` waits for the new ones; the submit handler marks the page busy at once.
  await page.evaluate(() => document.querySelector('.ringo-totals')?.replaceChildren());
  await page.click('button[type="submit"]');
  await settled();
}

it('lists Ringostat calls newest first, 25 a page, with totals over every matching call', async () => {
  await page.goto(journal());
  await settled();
  const newestFirst = [...calls()]
    .sort((a, b) => String(b['actualstart']).localeCompare(String(a['actualstart'])))
    .map((row) => row['activityid']);
  expect(await page.textContent('h1')).toBe('Журнал дзвінків');
  expect(await rowIds()).toEqual(newestFirst.slice(0, 25));
  expect(await total('count')).toBe(String(calls().length));
  expect(await total('answered')).toBe(
    String(calls().filter((c) => c['ringo_callresult'] === ANSWERED).length),
  );
  expect(await total('missed')).toBe(String(calls().filter((c) => c['ringo_callresult'] === MISSED).length));
  await harness.screenshot(page, 'call-journal');

  await page.click('button[data-action="next-page"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-callid]').length === 5);
  expect(await rowIds()).toEqual(newestFirst.slice(25));
  expect(await page.isDisabled('button[data-action="next-page"]')).toBe(true);

  await page.click('button[data-action="previous-page"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-callid]').length === 25);
  expect(await rowIds()).toEqual(newestFirst.slice(0, 25));
});

it('filters by result, direction, date range and employee', async () => {
  await page.goto(journal());
  await settled();
  await applyFilters(() => page.selectOption('#f-result', 'missed').then(() => undefined));
  const missed = calls().filter((c) => c['ringo_callresult'] === MISSED);
  expect((await rowIds()).sort()).toEqual(missed.map((c) => c['activityid']).sort());
  expect(await total('count')).toBe(String(missed.length));
  expect(await total('answered')).toBe('0');

  await applyFilters(async () => {
    await page.selectOption('#f-result', 'all');
    await page.selectOption('#f-direction', 'outgoing');
  });
  const outgoing = calls().filter((c) => c['directioncode'] === true);
  expect((await rowIds()).sort()).toEqual(outgoing.map((c) => c['activityid']).sort());

  // 2026-03-02 16:00Z is the newest call; only that day's calls from 00:00 up to it.
  await applyFilters(async () => {
    await page.selectOption('#f-direction', 'all');
    await page.fill('#f-from', '2026-03-02');
    await page.fill('#f-to', '2026-03-02');
  });
  const thatDay = calls().filter((c) => String(c['actualstart']).startsWith('2026-03-02'));
  expect(await total('count')).toBe(String(thatDay.length));

  const employee = harness.demo.employees[1] as string;
  await applyFilters(async () => {
    await page.fill('#f-from', '');
    await page.fill('#f-to', '');
    await page.selectOption('#f-owner', employee);
  });
  const theirs = calls().filter((c) => c['ownerid'] === employee);
  expect(await total('count')).toBe(String(theirs.length));
  expect(theirs.length).toBeGreaterThan(0);
  expect(theirs.length).toBeLessThan(calls().length);
});

it('plays a recording inline and opens the phone call and the contact through Xrm.Navigation', async () => {
  await page.goto(journal());
  await settled();
  const first = `[data-callid="${harness.demo.calls.playable}"]`;
  await page.click(`${first} button[data-action="listen"]`);
  await page.waitForSelector('.ringo-player-row audio', { state: 'attached' });
  await page.click('.ringo-player-row button[data-action="play"]');
  await page.waitForFunction(
    () => (document.querySelector('.ringo-player-row audio') as HTMLAudioElement).currentTime > 0.3,
  );
  await page.click('.ringo-player-row button[data-action="pause"]');
  expect(await page.getAttribute(`${first} button[data-action="listen"]`, 'aria-expanded')).toBe('true');

  await page.click(`${first} button[data-action="open-call"]`);
  await page.click(`${first} button[data-action="open-contact"]`);
  const navigation = await page.evaluate(
    () => (window as unknown as { __ringoNavigation: unknown[] }).__ringoNavigation,
  );
  expect(navigation).toEqual([
    { method: 'openForm', args: { entityName: 'phonecall', entityId: harness.demo.calls.playable } },
    { method: 'openForm', args: { entityName: 'contact', entityId: harness.demo.contacts[0] } },
  ]);
});

it("shows one contact's calls when opened for that contact", async () => {
  const contact = harness.demo.contacts[0] as string;
  await page.goto(`${journal()}?data=${encodeURIComponent(`contactid=${contact}`)}&lang=en`);
  await settled();
  const theirs = calls().filter((c) => c['regardingobjectid'] === contact);
  expect(await page.textContent('h1')).toBe('Calls');
  expect((await rowIds()).sort()).toEqual(theirs.map((c) => c['activityid']).sort());
  await harness.screenshot(page, 'contact-calls');
});

it('on the Ringostat contact form (record id passed as parameters) shows that contact only', async () => {
  const contact = harness.demo.contacts[2] as string;
  await page.goto(`${journal()}?id=%7B${contact.toUpperCase()}%7D&typename=contact&lang=en`);
  await settled();
  const theirs = calls().filter((c) => c['regardingobjectid'] === contact);
  expect((await rowIds()).sort()).toEqual(theirs.map((c) => c['activityid']).sort());
  expect(await page.textContent('[data-action="open-contact"]')).toBe('Contact without a name');
});

it('says so, instead of searching, when the end date is before the start date', async () => {
  await page.goto(journal());
  await settled();
  await page.fill('#f-from', '2026-03-02');
  await page.fill('#f-to', '2026-03-01');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-error');
  expect(await page.textContent('.ringo-status.ringo-error')).toContain('«До»');
  expect(await page.getAttribute('#f-to', 'aria-invalid')).toBe('true');
});

it('renders names containing HTML or script as text', async () => {
  await page.goto(journal());
  await settled();
  const row = `[data-callid="${harness.demo.calls.missed}"]`;
  expect(await page.textContent(`${row} button[data-action="open-contact"]`)).toBe(
    '<img src=x onerror="window.__ringoXss=1"> <script>window.__ringoXss=2</script>',
  );
  expect(
    await page.$$eval('.ringo-rows img, .ringo-rows script, .ringo-rows b', (elements) => elements.length),
  ).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __ringoXss?: number }).__ringoXss),
  ).toBeUndefined();
  expect(page.errors).toEqual([]);
});
