import { readFile } from 'node:fs/promises';
import type { Harness, TestPage } from './support/browser-harness';
import { useJournal } from './support/journal-page';
import { horizontalOverflow, unreachableControls } from './support/layout-checks';

/**
 * The journal's optional attribution columns in real Chromium: the picker by keyboard alone, the column
 * filled from the demo calls, the choice remembered across a reload, the phone layout, and the CSV.
 */
jest.setTimeout(120_000);

const journalTest = useJournal();
const { url: journal, calls, newestFirst, settled } = journalTest;
let harness: Harness;
let page: TestPage;
beforeAll(() => {
  harness = journalTest.harness();
  page = journalTest.page();
});

const STORAGE_KEY = 'ringo.callLog.columns';
const active = (target: TestPage) =>
  target.evaluate(() => {
    const element = document.activeElement;
    return element?.getAttribute('data-column') ?? element?.getAttribute('data-action') ?? null;
  });
/** The `$select` of the journal's page queries the browser sent (the Xrm shim calls the Web API). */
function selects(target: TestPage): string[] {
  const seen: string[] = [];
  target.on('request', (request) => {
    const url = new URL(request.url());
    const select = url.searchParams.get('$select');
    if (url.pathname.endsWith('/phonecalls') && select?.includes('ringo_recordingurl')) seen.push(select);
  });
  return seen;
}
async function fresh(target: TestPage, query = ''): Promise<void> {
  await target.goto(journal(query));
  await target.evaluate((key) => localStorage.removeItem(key), STORAGE_KEY);
  await target.reload();
  await settled();
}

it('is picked with the keyboard alone: Tab to the button, Space opens, Space ticks, Escape closes', async () => {
  await fresh(page);
  const sent = selects(page);
  expect(await page.$('.c-landing')).toBeNull();
  expect(sent).toEqual([]);

  await page.focus('[data-action="export-csv"]');
  await page.keyboard.press('Shift+Tab');
  expect(await active(page)).toBe('columns');
  expect(await page.getAttribute('[data-action="columns"]', 'aria-expanded')).toBe('false');
  await page.keyboard.press('Space');
  expect(await page.getAttribute('[data-action="columns"]', 'aria-expanded')).toBe('true');
  expect(await active(page)).toBe('landing');

  await page.keyboard.press('Space'); // landing page
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await active(page)).toBe('targetcall');
  await page.keyboard.press('Space');
  await page.waitForSelector('[role="columnheader"].c-targetcall');
  await settled();
  await page.keyboard.press('Escape');
  expect(await page.isHidden('#ringo-columns-panel')).toBe(true);
  expect(await page.getAttribute('[data-action="columns"]', 'aria-expanded')).toBe('false');
  expect(await active(page)).toBe('columns');
  // Enter opens it too; Tab past the last box leaves the list, which closes it.
  await page.keyboard.press('Enter');
  expect(await active(page)).toBe('landing');
  for (let i = 0; i < 8; i += 1) await page.keyboard.press('Tab');
  expect(await active(page)).toBe('export-csv');
  expect(await page.isHidden('#ringo-columns-panel')).toBe(true);
  expect(await page.getAttribute('[data-action="columns"]', 'aria-expanded')).toBe('false');

  // The newest call came from a visit with a landing page; the query asked for the shown columns only.
  const newest = newestFirst()[0] as Record<string, unknown>;
  const cell = page.locator(`[data-callid="${String(newest['activityid'])}"] > .c-landing`);
  expect(await cell.textContent()).toBe(newest['ringo_landing']);
  expect(await cell.locator('a').getAttribute('href')).toBe(newest['ringo_landing']);
  expect(await page.textContent(`[data-callid="${String(newest['activityid'])}"] > .c-targetcall`)).toBe(
    'Так',
  );
  expect(sent.at(-1)?.split(',').slice(-2)).toEqual(['ringo_landing', 'ringo_targetcall']);
  expect(sent.at(-1)).not.toContain('ringo_rating');
  expect(page.errors).toEqual([]);
});

it('remembers the choice across a reload, and falls back to the default on a damaged value', async () => {
  await fresh(page);
  await page.click('[data-action="columns"]');
  await page.check('[data-column="pool"]');
  await page.waitForSelector('[role="columnheader"].c-pool');
  await page.reload();
  await settled();
  expect(
    await page.$$eval('[role="columnheader"].c-opt', (cells) => cells.map((c) => c.textContent)),
  ).toEqual(['Пул номерів']);
  expect(await page.textContent('[data-action="columns"]')).toBe('Стовпці (1)');

  await page.evaluate((key) => localStorage.setItem(key, '{"v":1,"shown":"pool"'), STORAGE_KEY);
  await page.reload();
  await settled();
  expect(await page.$('[role="columnheader"].c-opt')).toBeNull();
  expect(page.errors).toEqual([]);
});

it.each([390, 768, 1366])(
  'fits %i px with every column shown and the picker open: the page never scrolls sideways',
  async (width) => {
    const phone = await harness.newPage({ width, height: 800 });
    await phone.goto(journal());
    await phone.evaluate(
      (key) =>
        localStorage.setItem(
          key,
          JSON.stringify({
            v: 1,
            shown: [
              'landing',
              'referrer',
              'gaclientid',
              'targetcall',
              'repeatcall',
              'rating',
              'scheme',
              'pool',
            ],
          }),
        ),
      STORAGE_KEY,
    );
    await phone.reload();
    await phone.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]');
    // A long landing page (the demo's first visit) is cut with an ellipsis inside the card.
    const long = calls().find((c) => String(c['ringo_landing']).length > 150);
    const landing = `[data-callid="${String(long?.['activityid'])}"] > .c-landing .ringo-ellipsis`;
    await phone.locator(landing).scrollIntoViewIfNeeded();
    const box = await phone.$eval(landing, (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    // On wide screens the table scrolls inside its own box; the call's own actions stay in view.
    const call = `[data-callid="${harness.demo.calls.playable}"]`;
    expect(
      await unreachableControls(phone, [
        `${call} [data-action="listen"]`,
        `${call} [data-action="open-call"]`,
      ]),
    ).toEqual([]);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);

    await phone.click('[data-action="columns"]');
    const boxes = await phone.$$eval('#ringo-columns-panel input', (inputs) =>
      inputs.map((input) => `[data-column="${input.getAttribute('data-column')}"]`),
    );
    expect(boxes).toHaveLength(8);
    expect(await unreachableControls(phone, boxes)).toEqual([]);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await harness.screenshot(phone, `call-journal-columns-${width}`);
    expect(phone.errors).toEqual([]);
    expect(phone.consoleErrors).toEqual([]);
    await phone.context().close();
  },
);

it('exports the shown columns to the CSV, formula-safe, after the call id', async () => {
  await fresh(page);
  await page.click('[data-action="columns"]');
  await page.check('[data-column="landing"]');
  await page.waitForSelector('[role="columnheader"].c-landing');
  await page.check('[data-column="pool"]');
  await page.waitForSelector('[role="columnheader"].c-pool');
  await settled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-action="export-csv"]'),
  ]);
  const bytes = await readFile((await download.path()) as string);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/;"Id дзвінка Ringostat";"Посадкова сторінка";"Пул номерів"$/);
  expect(lines).toHaveLength(calls().length + 1);
  const long = calls().find((c) => String(c['ringo_landing']).length > 150);
  expect(lines.some((line) => line.includes(`;"${String(long?.['ringo_landing'])}";"Google Ads"`))).toBe(
    true,
  );
  // The hostile demo call's pool is a formula: it stays text.
  expect(lines.some((line) => line.endsWith(`;"'=HYPERLINK(""http://evil.example"",""x"")"`))).toBe(true);
});

it('shows hostile attribution as text: no javascript: link, no markup, nothing runs', async () => {
  await fresh(page, '?pageSize=100');
  await page.click('[data-action="columns"]');
  await page.check('[data-column="landing"]');
  await page.check('[data-column="referrer"]');
  await page.waitForSelector('[role="columnheader"].c-referrer');
  await settled();
  const row = `[data-callid="${harness.demo.calls.javascript}"]`;
  expect(await page.textContent(`${row} > .c-landing`)).toBe('javascript:window.__ringoXss=4');
  expect(await page.$(`${row} > .c-landing a`)).toBeNull();
  expect(await page.textContent(`${row} > .c-referrer`)).toBe('<img src=x onerror="window.__ringoXss=5">');
  expect(await page.$(`${row} img`)).toBeNull();
  expect(await page.evaluate(() => (window as { __ringoXss?: number }).__ringoXss)).toBeUndefined();
});
