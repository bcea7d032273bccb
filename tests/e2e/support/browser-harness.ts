import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import type { DataverseEmulator } from '../../../emulators/dataverse/src/index';
import { seedDemoCalls, type DemoIds } from '../../../scripts/preview/demo-calls';
import { createPreviewServer, type PreviewServer } from '../../../scripts/preview/preview-server';

/** Debian's Chromium, driven by playwright-core (never a downloaded browser). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');

export interface Harness {
  readonly emulator: DataverseEmulator;
  readonly preview: PreviewServer;
  readonly demo: DemoIds;
  readonly browser: Browser;
  /** A fresh page (1280×800) that fails the test on any uncaught page error. */
  newPage(options?: {
    width?: number;
    height?: number;
    permissions?: string[];
  }): Promise<Page & { errors: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Emulator over HTTP + the preview server + one Chromium, with the demo calls seeded. */
export async function startHarness(
  options: { languageId?: number; receiverUrl?: string } = {},
): Promise<Harness> {
  const dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const preview = await createPreviewServer({
    dataverseUrl: dataverse.url,
    languageId: options.languageId ?? 1058,
    ...(options.receiverUrl ? { receiverUrl: options.receiverUrl } : {}),
  });
  const demo = seedDemoCalls(dataverse.emulator, { recordingBaseUrl: `${preview.url}/preview/recordings` });
  const browser = await launchChromium();
  return {
    emulator: dataverse.emulator,
    preview,
    demo,
    browser,
    async newPage({ width = 1280, height = 800 } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        timezoneId: 'UTC',
        locale: 'uk-UA',
      });
      const page = Object.assign(await context.newPage(), { errors: [] as string[] });
      page.on('pageerror', (error) => page.errors.push(error.message));
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
