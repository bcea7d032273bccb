import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { launchChromium } from './chromium';
import { seedDemoCalls, type DemoIds } from './demo-calls';
import { createPreviewServer } from './preview-server';
import { zoneOffsetMinutes } from './zone-offset';

/**
 * `npm run screenshots`: every CRM page at 1,366, 768 and 390 px, in Ukrainian and English, with the demo
 * calls, into docs/screenshots/ (linked from the admin guide). Debian's Chromium through playwright-core;
 * the clock is fixed so the same source gives the same pictures. SCREENSHOTS_DIR overrides the folder.
 */
export const WIDTHS = [1366, 768, 390] as const;
export const LANGUAGES = ['uk', 'en'] as const;
/** The demo's "now": a Monday afternoon in Kyiv. */
export const DEMO_NOW = new Date('2026-03-02T16:10:00Z');

export interface Shot {
  readonly name: string;
  readonly path: (demo: DemoIds, lang: string) => string;
  /** Waits until the page shows its data. */
  readonly ready: (page: Page) => Promise<unknown>;
  /** Brings the page into the state pictured, after `ready`. */
  readonly then?: (page: Page) => Promise<unknown>;
}

const journalReady = (page: Page) =>
  page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]');

export const SHOTS: readonly Shot[] = [
  {
    name: 'call-journal',
    path: (_d, lang) => `/webresources/ringo_/html/call_log.html?lang=${lang}&pageSize=12`,
    ready: (page) => page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]'),
  },
  {
    name: 'contact-calls',
    path: (demo, lang) =>
      `/webresources/ringo_/html/call_log.html?id=%7B${demo.contacts[0] ?? ''}%7D&typename=contact&lang=${lang}`,
    ready: (page) => page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]'),
  },
  {
    // The optional attribution columns switched on (remembered in the browser), with the picker open.
    name: 'call-journal-columns',
    path: (_d, lang) => `/webresources/ringo_/html/call_log.html?lang=${lang}&pageSize=6`,
    ready: journalReady,
    then: async (page) => {
      await page.evaluate(() =>
        localStorage.setItem(
          'ringo.callLog.columns',
          JSON.stringify({ v: 1, shown: ['landing', 'referrer', 'targetcall', 'rating', 'pool'] }),
        ),
      );
      await page.reload();
      await journalReady(page);
      await page.click('[data-action="columns"]');
      await page.evaluate(() => localStorage.clear());
    },
  },
  {
    name: 'settings',
    path: (_d, lang) => `/webresources/ringo_/html/settings.html?lang=${lang}`,
    ready: (page) => page.waitForSelector('#ringo-settings[aria-busy="false"] code[data-url]'),
  },
  {
    name: 'phone-call-form',
    path: (demo, lang) => `/preview/form/phonecall?id=${demo.calls.playable}&lang=${lang}`,
    ready: (page) =>
      page.waitForFunction(() =>
        (document.querySelector('iframe') as HTMLIFrameElement | null)?.contentDocument?.querySelector(
          '.ringo-player-controls',
        ),
      ),
  },
  {
    name: 'phone-call-form-not-ready',
    path: (demo, lang) => `/preview/form/phonecall?id=${demo.calls.notReady}&lang=${lang}`,
    ready: (page) =>
      page.waitForFunction(() =>
        (document.querySelector('iframe') as HTMLIFrameElement | null)?.contentDocument?.querySelector(
          '[data-state]',
        ),
      ),
  },
];

async function capture(browser: Browser, base: string, demo: DemoIds, outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const width of WIDTHS)
    for (const lang of LANGUAGES) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        timezoneId: 'Europe/Kyiv',
        locale: lang === 'uk' ? 'uk-UA' : 'en-US',
      });
      const page = await context.newPage();
      await page.clock.setFixedTime(DEMO_NOW);
      for (const shot of SHOTS) {
        await page.goto(base + shot.path(demo, lang));
        await shot.ready(page);
        await shot.then?.(page);
        // A full-page capture does not scroll, so rows that skip rendering off screen would be blank.
        await page.addStyleTag({
          content: '.ringo-rows > .ringo-row { content-visibility: visible !important; }',
        });
        await page.evaluate(() => document.fonts.ready);
        const file = join(outDir, `${shot.name}-${lang}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
      }
      await context.close();
    }
  return written;
}

export async function takeScreenshots(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const preview = await createPreviewServer({
    dataverseUrl: dataverse.url,
    receiverUrl: 'https://ringostat.example.com',
    timeZoneOffsetMinutes: zoneOffsetMinutes('Europe/Kyiv', DEMO_NOW),
  });
  const demo = seedDemoCalls(dataverse.emulator, {
    recordingBaseUrl: `${preview.url}/preview/recordings`,
    now: DEMO_NOW,
    extraCalls: 20,
  });
  // An admin has already picked the default owner, as on a configured org.
  const owner = dataverse.emulator
    .rows('environmentvariabledefinition')
    .find((d) => d['schemaname'] === 'ringo_DefaultOwnerId');
  if (owner)
    dataverse.emulator.insert('environmentvariablevalue', {
      schemaname: 'ringo_DefaultOwnerId',
      value: demo.employees[1],
      environmentvariabledefinitionid: String(owner['environmentvariabledefinitionid']),
    });
  const browser = await launchChromium();
  try {
    return await capture(browser, preview.url, demo, outDir);
  } finally {
    await browser.close();
    await preview.close();
    await dataverse.close();
  }
}

if (require.main === module) {
  const outDir = process.env['SCREENSHOTS_DIR'] ?? join(__dirname, '..', '..', 'docs', 'screenshots');
  takeScreenshots(outDir).then(
    (files) => console.log(`${files.length} screenshots in ${outDir}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
