import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import type { StaffMember } from '../../webhook-receiver/src/ringostat-api/staff-list';
import { createSqliteStaffStore, type StaffStore } from '../../webhook-receiver/src/staff/sqlite-staff-store';
import { createStaffDirectory } from '../../webhook-receiver/src/staff/staff-directory';
import { adminScope } from '../../webhook-receiver/src/http/admin-scope';
import { staffRoutes } from '../../webhook-receiver/src/staff/staff-routes';
import { SCREENSHOTS, startHarness, type Harness } from './support/browser-harness';
import { LAYOUTS } from './support/layouts';

/**
 * The "Ringostat employees" card of the settings page in real Chromium, reading the receiver's real staff
 * routes across origins (the preview and the receiver listen on different ports, as the CRM and the
 * receiver do), with the admin token typed on the page.
 */
jest.setTimeout(90_000);

const ADMIN = 'settings-admin-token';
const staff: StaffMember[] = [
  {
    staffId: '111111',
    name: 'Іван Петренко',
    email: 'ivan@example.com',
    extension: '101',
    sipLogins: ['company_manager1'],
    numbers: [],
    departments: [],
  },
  {
    staffId: '222222',
    name: 'Марія Коваль',
    email: 'maria@example.com',
    sipLogins: [],
    numbers: [],
    departments: [],
  },
  {
    staffId: '333333',
    name: '<b>Олег</b> Бондар',
    sipLogins: ['company_manager3'],
    numbers: [],
    departments: [],
  },
];

let harness: Harness;
let receiver: FastifyInstance;
let store: StaffStore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settings-staff-'));
  store = createSqliteStaffStore({ file: join(dir, 'staff-directory.sqlite') });
  const directory = createStaffDirectory({
    staff: { listStaff: async () => staff },
    users: {
      listUsers: async () => [
        { systemuserid: 'u-ivan', fullname: 'Іван Петренко', email: 'ivan@example.com' },
        { systemuserid: 'u-maria', fullname: 'Марія Коваль', staffId: '222222' },
      ],
    },
    store,
    clock: { now: () => new Date('2026-03-02T12:00:00Z') },
  });
  await directory.refresh();
  receiver = Fastify();
  // The staff routes inside the receiver's one admin scope, as processing-extension.ts registers them.
  await receiver.register(
    adminScope({ adminToken: ADMIN, routes: [staffRoutes({ directory, disabledReason: 'off' })] }),
    { prefix: '/admin' },
  );
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  const address = receiver.server.address();
  const receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  harness = await startHarness({ receiverUrl });
});
afterAll(async () => {
  await harness?.close();
  await receiver?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page, lang: string): Promise<void> {
  await page.goto(`${harness.preview.url}/webresources/ringo_/html/settings.html?lang=${lang}`);
  await page.waitForSelector('#ringo-settings[aria-busy="false"]');
}

it('lists every employee with the CRM user their calls go to, once the admin token is typed', async () => {
  const page = await harness.newPage({ width: 1100, height: 900 });
  await open(page, 'en');
  await page.fill('#staff-admin-token', 'wrong');
  await page.click('button[data-action="show-staff"]');
  await page.waitForFunction(
    () => document.querySelector('.ringo-staff')?.previousElementSibling?.textContent !== '',
  );
  await page.waitForSelector('text=The receiver refused the token');

  await page.fill('#staff-admin-token', ADMIN);
  await page.click('button[data-action="show-staff"]');
  await page.waitForSelector('.ringo-staff li');
  expect(
    await page.$$eval('.ringo-staff li', (items) =>
      items.map((i) => [i.getAttribute('data-matched'), i.textContent]),
    ),
  ).toEqual([
    [
      'email',
      'Іван Петренко · ID 111111ext. 101 · company_manager1 · ivan@example.com→ Іван Петренко (by e-mail)',
    ],
    ['staff-id', 'Марія Коваль · ID 222222maria@example.com→ Марія Коваль (by Ringostat staff ID)'],
    [
      'none',
      '<b>Олег</b> Бондар · ID 333333company_manager3No CRM user: enter staff ID 333333 as the user’s Ringostat staff ID, or give the user the same e-mail. The employee has no e-mail in Ringostat.',
    ],
  ]);
  expect(await page.$$eval('.ringo-staff b', (bold) => bold.length)).toBe(0);
  // The refresh time in the CRM user's own format and zone (docs/adr/0102): the preview's English user has
  // en-US patterns (M/d/yyyy h:mm tt) and sits in Europe/Kyiv, so 12:00 UTC on 2 March is 2:00 PM.
  expect(await page.textContent('section[aria-labelledby="staff-title"] [role="status"]')).toBe(
    '3 employees: 1 matched by staff ID, 1 by e-mail, 1 without a CRM user. Refreshed: 3/2/2026 2:00 PM.',
  );
  expect(page.errors).toEqual([]);
  // The token is never stored: not in the CRM, not in the browser.
  expect(
    await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })),
  ).not.toContain(ADMIN);
  expect(JSON.stringify(harness.emulator.rows('environmentvariablevalue'))).not.toContain(ADMIN);
});

it('speaks Russian and Ukrainian in the user’s date format, with nothing left in another language', async () => {
  const page = await harness.newPage({ width: 1100, height: 900 });
  const shown = async (lang: string): Promise<string> => {
    await open(page, lang);
    await page.fill('#staff-admin-token', ADMIN);
    await page.click('button[data-action="show-staff"]');
    await page.waitForSelector('.ringo-staff li');
    return page.$eval('section[aria-labelledby="staff-title"]', (card) => {
      const parts: string[] = [];
      const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? '');
      return parts.join('\n');
    });
  };
  // Data (names, e-mails, SIP logins) stays as stored; everything else is the page's language.
  const DATA =
    /Іван Петренко|Марія Коваль|<b>Олег<\/b> Бондар|\S+@example\.com|company_manager\d|ADMIN_TOKEN|Ringostat|CRM|Id|ID/g;
  const ru = await shown('ru');
  expect(ru).toContain(
    'Сотрудников: 3; по Id сотрудника — 1, по электронной почте — 1, без пользователя — 1. Обновлено: 02.03.2026 14:00.',
  );
  expect(ru).toContain('Нет пользователя CRM: впишите 333333 в поле «Id сотрудника Ringostat»');
  expect(ru.replace(DATA, ' ').match(/\S*[A-Za-zІіЇїЄєҐґ]\S*/g)).toBeNull();
  const uk = await shown('uk');
  expect(uk).toContain(
    'Співробітників: 3; за Id співробітника — 1, за електронною поштою — 1, без користувача — 1. Оновлено: 02.03.2026 14:00.',
  );
  expect(uk.replace(DATA, ' ').match(/\S*[A-Za-zЫыЭэЁё]\S*/g)).toBeNull();
  expect(page.errors).toEqual([]);
});

it.each(LAYOUTS)('lays out at %i px in %s (screenshot)', async (width, lang) => {
  const page = await harness.newPage({ width, height: 900 });
  await open(page, lang);
  await page.fill('#staff-admin-token', ADMIN);
  await page.click('button[data-action="show-staff"]');
  await page.waitForSelector('.ringo-staff li');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.locator('#staff-title').scrollIntoViewIfNeeded();
  const card = page.locator('section[aria-labelledby="staff-title"]');
  await card.screenshot({
    path: join(SCREENSHOTS, `settings-staff-${width}-${lang}.png`),
  });
  expect(page.errors).toEqual([]);
});
