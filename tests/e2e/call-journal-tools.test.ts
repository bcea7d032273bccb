import { readFile } from 'node:fs/promises';
import type { Harness, TestPage } from './support/browser-harness';
import { useJournal } from './support/journal-page';

/** The journal's tools in real Chromium: search by number or name, sorting, CSV export, keyboard use. */
jest.setTimeout(90_000);

const journalTest = useJournal();
const { url: journal, calls, newestFirst, rowIds, total, settled, applyFilters } = journalTest;
let harness: Harness;
let page: TestPage;
beforeAll(() => {
  harness = journalTest.harness();
  page = journalTest.page();
});

it.each([['067 111 22 33'], ['+380 (67) 111-22-33'], ['380671112233'], ['8 067 111 22 33']])(
  'finds a number typed as "%s" (stored as +380671112233)',
  async (typed) => {
    await page.goto(journal('?pageSize=100'));
    await settled();
    await applyFilters(() => page.fill('#f-search', typed));
    const theirs = calls().filter((c) => c['phonenumber'] === '+380671112233');
    expect(theirs.length).toBeGreaterThan(0);
    expect((await rowIds()).sort()).toEqual(theirs.map((c) => c['activityid']).sort());
  },
);

it('finds calls by part of the contact’s name, and says so when no contact has that name', async () => {
  await page.goto(journal('?pageSize=100'));
  await settled();
  await applyFilters(() => page.fill('#f-search', 'шевч'));
  const maria = harness.demo.contacts[0] as string;
  expect((await rowIds()).sort()).toEqual(
    calls()
      .filter((c) => c['regardingobjectid'] === maria)
      .map((c) => c['activityid'])
      .sort(),
  );
  await applyFilters(() => page.fill('#f-search', 'Нікого Такого'));
  expect(await rowIds()).toEqual([]);
  expect(await page.textContent('.ringo-status')).toContain('Немає контакту з таким ім’ям');
});

it('sorts by a column header across pages, and toggles the direction', async () => {
  await page.goto(journal());
  await settled();
  const byTalk = [...calls()].sort(
    (a, b) =>
      Number(b['ringo_talkseconds']) - Number(a['ringo_talkseconds']) ||
      String(b['actualstart']).localeCompare(String(a['actualstart'])),
  );
  await page.click('button[data-sort="talk"]');
  await page.waitForSelector('[role="columnheader"][aria-sort="descending"] [data-sort="talk"]');
  await settled();
  expect(await rowIds()).toEqual(byTalk.slice(0, 25).map((c) => c['activityid']));
  await page.click('button[data-sort="when"]');
  await page.waitForSelector('[role="columnheader"][aria-sort="descending"] [data-sort="when"]');
  await page.click('button[data-sort="when"]');
  await page.waitForSelector('[role="columnheader"][aria-sort="ascending"] [data-sort="when"]');
  await settled();
  expect(await rowIds()).toEqual(
    [...newestFirst()]
      .reverse()
      .slice(0, 25)
      .map((c) => c['activityid']),
  );
});

it('exports the filtered calls as an Excel-safe CSV (BOM, “;”, no formula, no recording link)', async () => {
  await page.goto(journal());
  await settled();
  await applyFilters(() => page.selectOption('#f-direction', 'incoming'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-action="export-csv"]'),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ringostat-calls-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile((await download.path()) as string);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
  const incoming = calls().filter((c) => c['directioncode'] === false);
  expect(lines).toHaveLength(incoming.length + 1); // every page, not just the 25 shown
  expect(lines[0]).toMatch(/^"Дата";"Напрямок";"Номер телефону";"Контакт";"Співробітник";/);
  expect(lines.slice(1).every((line) => line.includes(';"Вхідний";"\'+380'))).toBe(true);
  expect(bytes.toString('utf8')).not.toContain('/preview/recordings/');
  // A contact named "<img …>" in the demo data stays text; a leading "=" would have been neutralised.
  expect(bytes.toString('utf8')).toContain('<img src=x onerror=');
  expect(await page.textContent('.ringo-status')).toBe(`Експортовано дзвінків: ${incoming.length}`);
});

it('works from the keyboard alone: search, sort, listen, with a visible focus ring', async () => {
  await page.goto(journal());
  await settled();
  await page.focus('#f-search');
  await page.keyboard.type('067 111 22 33');
  await page.evaluate(() => document.querySelector('.ringo-totals')?.replaceChildren());
  await page.keyboard.press('Enter'); // submits the filter form
  await settled();
  const theirs = calls().filter((c) => c['phonenumber'] === '+380671112233');
  expect(await total('count')).toBe(String(theirs.length));

  await page.focus('button[data-sort="talk"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[role="columnheader"][aria-sort="descending"] [data-sort="talk"]');
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(ring).toBe('solid 2px');

  await settled();
  await page.focus(`[data-callid="${harness.demo.calls.playable}"] [data-action="listen"]`);
  await page.keyboard.press('Space');
  await page.waitForSelector('.ringo-player-row [data-action="play"]');
  await page.keyboard.press('Tab'); // the row's own "Open call" first, then the player under the row
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('open-call');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => !(document.querySelector('.ringo-player-row audio') as HTMLAudioElement).paused,
  );
});
