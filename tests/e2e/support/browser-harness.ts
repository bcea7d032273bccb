import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import type { DataverseEmulator } from '../../../emulators/dataverse/src/index';
import { launchChromium } from '../../../scripts/preview/chromium';
import { seedDemoCalls, type DemoIds } from '../../../scripts/preview/demo-calls';
import { createPreviewServer, type PreviewServer } from '../../../scripts/preview/preview-server';

/** Debian's Chromium; tests let audio start without a click (the player tests press play themselves too). */
export function launchBrowser(): Promise<Browser> {
  return launchChromium(['--autoplay-policy=no-user-gesture-required']);
}

export const SCREENSHOTS = process.env['E2E_SCREENSHOTS_DIR'] ?? join(tmpdir(), 'ringo-e2e-screenshots');

/** A page that records uncaught errors (`errors`) and console errors such as failed loads (`consoleErrors`). */
export type TestPage = Page & { errors: string[]; consoleErrors: string[] };

export interface Harness {
  readonly emulator: DataverseEmulator;
  readonly preview: PreviewServer;
  readonly demo: DemoIds;
  readonly browser: Browser;
  /** A fresh page (1280×800, browser in UTC) collecting uncaught page errors and console errors. */
  newPage(options?: {
    width?: number;
    height?: number;
    permissions?: string[];
    timezoneId?: string;
  }): Promise<TestPage>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Emulator over HTTP + the preview server + one Chromium, with the demo calls seeded. */
export async function startHarness(
  options: {
    languageId?: number;
    receiverUrl?: string;
    /** The CRM user's zone (default Europe/Kyiv); the browser itself runs in UTC. */
    timeZone?: string;
    hostileNames?: boolean;
  } = {},
): Promise<Harness> {
  const dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const preview = await createPreviewServer({
    dataverseUrl: dataverse.url,
    languageId: options.languageId ?? 1058,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.receiverUrl ? { receiverUrl: options.receiverUrl } : {}),
  });
  const demo = seedDemoCalls(dataverse.emulator, {
    recordingBaseUrl: `${preview.url}/preview/recordings`,
    hostileNames: options.hostileNames ?? true,
  });
  const browser = await launchBrowser();
  return {
    emulator: dataverse.emulator,
    preview,
    demo,
    browser,
    async newPage({ width = 1280, height = 800, permissions = [], timezoneId = 'UTC' } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        timezoneId,
        locale: 'uk-UA',
        permissions,
      });
      const page = Object.assign(await context.newPage(), {
        errors: [] as string[],
        consoleErrors: [] as string[],
      });
      page.on('pageerror', (error) => page.errors.push(error.message));
      // A failed request (e.g. a missing favicon) shows up as a console error in the CRM's developer tools too.
      page.on('console', (message) => {
        if (message.type() === 'error')
          page.consoleErrors.push(`${message.text()} (${message.location().url})`);
      });
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await preview.close();
      await dataverse.close();
    },
  };
}
