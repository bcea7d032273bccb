import { zoneOffsetMinutes } from '../../scripts/preview/zone-offset';
import type { Harness, TestPage } from './support/browser-harness';
import { useJournal } from './support/journal-page';

/** The call journal in real Chromium, against the Dataverse emulator through the preview's Xrm stand-in. */
jest.setTimeout(90_000);

const ANSWERED = 107350000;
const MISSED = 107350001;
const journalTest = useJournal();
const { url: journal, calls, newestFirst, rowIds, total, settled, applyFilters } = journalTest;
let harness: Harness;
let page: TestPage;
beforeAll(() => {
  harness = journalTest.harness();
  page = journalTest.page();
});

it('lists Ringostat calls newest first, 25 a page, with totals that tell missed from not answered', async () => {
  await page.goto(journal());
  await settled();
  const ids = newestFirst().map((row) => row['activityid']);
  expect(await page.textContent('h1')).toBe('Журнал дзвінків');
  expect(await rowIds()).toEqual(ids.slice(0, 25));
  const count = (test: (c: Record<string, unknown>) => boolean) => String(calls().filter(test).length);
  expect(await total('count')).toBe(String(calls().length));
  expect(await total('answered')).toBe(count((c) => c['ringo_callresult'] === ANSWERED));
  expect(await total('missed')).toBe(count((c) => c['ringo_callresult'] === MISSED && !c['directioncode']));
  expect(await total('not-answered')).toBe(
    count((c) => c['ringo_callresult'] === MISSED && !!c['directioncode']),
  );

  await page.click('button[data-action="next-page"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-callid]').length === n, ids.length - 25);
  expect(await rowIds()).toEqual(ids.slice(25));
  expect(await page.isDisabled('button[data-action="next-page"]')).toBe(true);
  await page.click('button[data-action="previous-page"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-callid]').length === 25);
  expect(await rowIds()).toEqual(ids.slice(0, 25));
});

it('labels each call honestly: missed (incoming), not answered (outgoing), and recordings present, coming or absent', async () => {
  await page.goto(journal('?pageSize=100'));
  await settled();
  const { missed, notAnswered, notReady, notRecorded, playable } = harness.demo.calls;
  const cell = (id: string, key: string) => page.textContent(`[data-callid="${id}"] > .c-${key}`);
  expect(await cell(missed, 'result')).toBe('Пропущений');
  expect(await cell(notAnswered, 'result')).toBe('Без відповіді');
  expect(await cell(playable, 'result')).toBe('Прийнятий');
  expect(await cell(missed, 'recording')).toBe('Немає запису');
  expect(await cell(notAnswered, 'recording')).toBe('Немає запису');
  expect(await cell(notReady, 'recording')).toBe('Ще не готовий');
  expect(await cell(notRecorded, 'recording')).toBe('Немає запису');
  expect(await page.$(`[data-callid="${playable}"] [data-action="listen"]`)).not.toBeNull();
  for (const id of [missed, notAnswered, notReady, notRecorded])
    expect(await page.$(`[data-callid="${id}"] [data-action="listen"]`)).toBeNull();
});

it('filters by result, direction, a date range typed in the user’s format, and employee', async () => {
  await page.goto(journal());
  await settled();
  await applyFilters(() => page.selectOption('#f-result', 'missed'));
  const unanswered = calls().filter((c) => c['ringo_callresult'] === MISSED);
  expect((await rowIds()).sort()).toEqual(unanswered.map((c) => c['activityid']).sort());
  expect(await total('answered')).toBe('0');

  await applyFilters(async () => {
    await page.selectOption('#f-result', 'all');
    await page.selectOption('#f-direction', 'outgoing');
  });
  const outgoing = calls().filter((c) => c['directioncode'] === true);
  expect((await rowIds()).sort()).toEqual(outgoing.map((c) => c['activityid']).sort());

  // The day of the newest call in the CRM user's zone (the preview's user is in Kyiv; the browser in UTC).
  const offset = zoneOffsetMinutes('Europe/Kyiv') * 60_000;
  const localDay = (iso: unknown) => new Date(Date.parse(String(iso)) + offset).toISOString().slice(0, 10);
  const day = localDay(newestFirst()[0]?.['actualstart']);
  const [y, m, d] = day.split('-');
  await applyFilters(async () => {
    await page.selectOption('#f-direction', 'all');
    await page.fill('#f-from', `${d}.${m}.${y}`);
    await page.fill('#f-to', `${d}.${m}.${y}`);
  });
  expect(await total('count')).toBe(String(calls().filter((c) => localDay(c['actualstart']) === day).length));

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

it('never offers the integration’s application user as an employee', async () => {
  await page.goto(journal());
  await settled();
  await page.waitForFunction(() => document.querySelectorAll('#f-owner option').length > 1);
  const offered = await page.$$eval('#f-owner option', (options) => options.map((o) => o.textContent));
  const appUsers = harness.emulator
    .rows('systemuser')
    .filter((u) => u['applicationid'])
    .map((u) => u['fullname']);
  expect(appUsers.length).toBeGreaterThan(0);
  for (const name of appUsers) expect(offered).not.toContain(name);
  expect(offered).toContain('Іван Петренко');
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
  await page.evaluate(() => {
    (window as unknown as { __ringoNavigation: unknown[] }).__ringoNavigation.length = 0;
  });
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

it("on the contact form shows that contact's calls only, without a contact column", async () => {
  const contact = harness.demo.contacts[2] as string;
  await page.goto(journal(`?id=%7B${contact.toUpperCase()}%7D&typename=contact&lang=en`));
  await settled();
  const theirs = calls().filter((c) => c['regardingobjectid'] === contact);
  expect(await page.textContent('h1')).toBe('Calls');
  expect((await rowIds()).sort()).toEqual(theirs.map((c) => c['activityid']).sort());
  expect(await page.$('.c-contact')).toBeNull();
  expect(await page.getAttribute('#f-search', 'placeholder')).toBe('e.g. 067 111 22 33');
});

it('says so, instead of searching, when a date is not a date or the end is before the start', async () => {
  await page.goto(journal());
  await settled();
  await page.fill('#f-from', '31.02.2026');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-error');
  expect(await page.textContent('.ringo-status.ringo-error')).toBe('Вкажіть дату у форматі ДД.ММ.РРРР');
  expect(await page.getAttribute('#f-from', 'aria-invalid')).toBe('true');

  await page.fill('#f-from', '02.03.2026');
  await page.fill('#f-to', '01.03.2026');
  await page.click('button[type="submit"]');
  await page.waitForFunction(() =>
    document.querySelector('.ringo-status.ringo-error')?.textContent?.includes('«До»'),
  );
  expect(await page.getAttribute('#f-to', 'aria-invalid')).toBe('true');
});

it('renders names containing HTML or script as text', async () => {
  await page.goto(journal('?pageSize=100'));
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
