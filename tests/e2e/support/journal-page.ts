import { startHarness, type Harness, type TestPage } from './browser-harness';

/**
 * A journal test file's set-up: the harness (emulator, preview, demo calls, Chromium) and one 1,280 px page,
 * started before the file's tests and closed after them, plus the ways the tests read and drive the journal.
 */
export function useJournal() {
  let harness: Harness;
  let page: TestPage;
  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await harness?.close();
  });
  return { ...journalPage(() => ({ harness, page })), harness: () => harness, page: () => page };
}

/** Ways the journal tests read and drive the call journal page. */
export function journalPage(current: () => { harness: Harness; page: TestPage }) {
  const page = (): TestPage => current().page;
  const calls = () => current().harness.emulator.rows('phonecall');
  const settled = async (): Promise<void> => {
    await page().waitForSelector('#ringo-call-log[aria-busy="false"]');
    await page().waitForSelector('[data-total="count"]');
  };
  return {
    url: (query = '') => `${current().harness.preview.url}/webresources/ringo_/html/call_log.html${query}`,
    calls,
    newestFirst: () =>
      [...calls()].sort((a, b) => String(b['actualstart']).localeCompare(String(a['actualstart']))),
    rowIds: () => page().$$eval('[data-callid]', (rows) => rows.map((r) => r.getAttribute('data-callid'))),
    total: (key: string) => page().textContent(`[data-total="${key}"]`),
    settled,
    /** Fills the filters, submits, and waits for the new rows and totals. */
    async applyFilters(fill: () => Promise<unknown>): Promise<void> {
      await fill();
      // Clear the old totals so `settled` waits for the new ones; the submit handler marks the page busy at once.
      await page().evaluate(() => document.querySelector('.ringo-totals')?.replaceChildren());
      await page().click('button[type="submit"]');
      await settled();
    },
  };
}
