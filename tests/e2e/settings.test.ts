import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { SCREENSHOTS, startHarness, type Harness } from './support/browser-harness';
import { LAYOUTS } from './support/layouts';

/** The settings page in real Chromium: webhook URLs, copy, validation, save through Xrm.WebApi, /healthz. */
jest.setTimeout(60_000);

let harness: Harness;
let page: Page & { errors: string[] };
let receiver: Server;
let receiverUrl: string;

/** Stands in for the webhook receiver's GET /healthz (CORS on that route, as the receiver serves it). */
function startReceiver(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  harness = await startHarness();
  page = await harness.newPage({
    width: 1100,
    height: 900,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
});
afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const settings = (lang = 'uk') =>
  `${harness.preview.url}/webresources/ringo_/html/settings.html?lang=${lang}`;
const values = () => harness.emulator.rows('environmentvariablevalue');
/** What the clipboard holds, read the way a user would: paste into a scratch field. */
async function pasted(): Promise<string> {
  await page.evaluate(() => {
    const area = document.createElement('textarea');
    area.id = 'paste-target';
    document.body.appendChild(area);
    area.focus();
  });
  await page.keyboard.press('Control+V');
  const text = await page.inputValue('#paste-target');
  await page.evaluate(() => document.getElementById('paste-target')?.remove());
  return text;
}

const valueOf = (schemaName: string) => values().find((row) => row['schemaname'] === schemaName)?.['value'];

async function open(lang = 'uk'): Promise<void> {
  await page.goto(settings(lang));
  await page.waitForSelector('#ringo-settings[aria-busy="false"]');
}

it('builds the webhook URLs (three call events and the AI event) from the receiver URL and the typed token, which is never saved', async () => {
  await open();
  expect(await page.textContent('#webhook-urls')).toContain('Спочатку вкажіть адресу приймача');
  await page.fill('#v-ringo_ReceiverUrl', 'https://ringostat.example.com/');
  expect(await page.textContent('code[data-url="after-call"]')).toBe(
    'https://ringostat.example.com/ringostat/after-call?token=<RINGOSTAT_WEBHOOK_TOKEN>',
  );
  await page.focus('button[data-copy="before-call"]');
  await harness.screenshot(page, 'settings');
  await page.fill('#webhook-token', 's3cr3t');
  expect(await page.$$eval('code[data-url]', (codes) => codes.map((c) => c.textContent))).toEqual([
    'https://ringostat.example.com/ringostat/before-call?token=s3cr3t',
    'https://ringostat.example.com/ringostat/after-call?token=s3cr3t',
    'https://ringostat.example.com/ringostat/after-outgoing-call?token=s3cr3t',
    'https://ringostat.example.com/ringostat/call-ai?token=s3cr3t',
  ]);
});

it('copies a webhook URL with navigator.clipboard, and with the fallback when the clipboard API refuses', async () => {
  await open();
  await page.fill('#v-ringo_ReceiverUrl', 'https://ringostat.example.com');
  await page.fill('#webhook-token', 'abc');
  await page.click('button[data-copy="before-call"]');
  await page.waitForFunction(() => document.querySelector('.ringo-status.ringo-ok') !== null);
  expect(await pasted()).toBe('https://ringostat.example.com/ringostat/before-call?token=abc');

  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await page.click('button[data-copy="after-outgoing-call"]');
  await page.waitForFunction(() =>
    document.querySelector('[role="status"]')?.textContent?.includes('Вихідний'),
  );
  expect(await pasted()).toBe('https://ringostat.example.com/ringostat/after-outgoing-call?token=abc');
});

it('offers the fixed choices by their meaning, never by their code', async () => {
  await open();
  expect(await page.$$eval('#v-ringo_MissedCallMode option', (o) => o.map((x) => x.textContent))).toEqual([
    'За замовчуванням: Лишаються відкритими як завдання передзвонити',
    'Лишаються відкритими як завдання передзвонити',
    'Закриваються, як інші дзвінки',
  ]);
  expect(await page.$$eval('#v-ringo_Language option', (o) => o.map((x) => x.textContent))).toEqual([
    'За замовчуванням: Українська',
    'Українська',
    'Англійська',
  ]);
});

it('refuses invalid values with a message on each field and writes nothing', async () => {
  await open();
  await page.fill('#v-ringo_ReceiverUrl', 'http://ringostat.example.com');
  await page.fill('#v-ringo_DefaultCountry', 'Ukraine');
  await page.fill('#v-ringo_CallbackDueHours', '0');
  await page.click('button[type="submit"]');
  expect(await page.getAttribute('#v-ringo_ReceiverUrl', 'aria-invalid')).toBe('true');
  expect(await page.textContent('#v-ringo_DefaultCountry-error')).toContain('дволітерний код');
  expect(await page.textContent('#v-ringo_CallbackDueHours-error')).toContain('від 1 до 720');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('v-ringo_ReceiverUrl');
  expect(values()).toEqual([]);
});

async function chooseOwner(typed: string): Promise<void> {
  await page.fill('#v-ringo_DefaultOwnerId', typed);
  await page.waitForSelector('#owner-options:not([hidden]) li');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

it('picks the default owner by name with the keyboard, showing the name, never the id', async () => {
  await open();
  expect(await page.textContent('#owner-current')).toBe(
    'Користувача не вибрано: приймач використовує власного користувача застосунку.',
  );
  await page.fill('#v-ringo_DefaultOwnerId', 'петр');
  await page.waitForSelector('#owner-options:not([hidden]) [role="option"]');
  expect(
    await page.$$eval('#owner-options [role="option"]', (items) => items.map((i) => i.textContent)),
  ).toEqual(['Іван Петренкоivan@example.com']);
  expect(await page.getAttribute('#v-ringo_DefaultOwnerId', 'aria-expanded')).toBe('true');
  await page.keyboard.press('ArrowDown');
  expect(await page.getAttribute('#v-ringo_DefaultOwnerId', 'aria-activedescendant')).toBe('owner-option-0');
  await page.keyboard.press('Enter');
  expect(await page.textContent('#owner-current')).toBe('Іван Петренко (ivan@example.com)');
  expect(await page.getAttribute('#owner-current', 'data-owner')).toBe(harness.demo.employees[0]);
  expect(await page.getAttribute('#v-ringo_DefaultOwnerId', 'aria-expanded')).toBe('false');
  expect(values()).toEqual([]); // nothing saved until "Save"
});

it('never offers an application user or an unknown id as the default owner', async () => {
  await open();
  await page.fill('#v-ringo_DefaultOwnerId', 'Ringostat Integration');
  await page.waitForSelector('#owner-options:not([hidden]) li');
  expect(await page.textContent('#owner-options')).toBe('Немає активного користувача з таким ім’ям.');
  const appUser = harness.emulator.rows('systemuser').find((u) => u['applicationid']);
  for (const pasted of [String(appUser?.['systemuserid']), '3f2504e0-4f89-11d3-9a0c-0305e82c3301']) {
    await page.fill('#v-ringo_DefaultOwnerId', '');
    await page.fill('#v-ringo_DefaultOwnerId', pasted);
    await page.waitForFunction(() =>
      document.querySelector('#owner-options')?.textContent?.startsWith('Немає'),
    );
  }
  const employee = harness.demo.employees[2] as string;
  await page.fill('#v-ringo_DefaultOwnerId', `{${employee.toUpperCase()}}`);
  await page.waitForSelector(`#owner-options [data-user="${employee}"]`);
});

it('saves environment variables through Xrm.WebApi: creates value rows, then updates them', async () => {
  await open();
  const owner = harness.demo.employees[0] as string;
  await page.fill('#v-ringo_ReceiverUrl', `${receiverUrl}/`);
  await chooseOwner('ivan@');
  await page.fill('#v-ringo_DefaultCountry', 'ua');
  await page.selectOption('#v-ringo_MissedCallMode', 'open');
  await page.fill('#v-ringo_CallbackDueHours', '4');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-ok');
  expect(valueOf('ringo_ReceiverUrl')).toBe(receiverUrl);
  expect(valueOf('ringo_DefaultOwnerId')).toBe(owner);
  expect(valueOf('ringo_DefaultCountry')).toBe('UA');
  expect(valueOf('ringo_MissedCallMode')).toBe('open');
  expect(valueOf('ringo_CallbackDueHours')).toBe('4');
  expect(values()).toHaveLength(5);

  await open();
  expect(await page.inputValue('#v-ringo_CallbackDueHours')).toBe('4');
  await page.waitForFunction(() => document.querySelector('#owner-current')?.textContent?.startsWith('Іван'));
  await page.fill('#v-ringo_CallbackDueHours', '48');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-ok');
  expect(valueOf('ringo_CallbackDueHours')).toBe('48');
  expect(values()).toHaveLength(5);
});

it('checks the connection to the receiver with GET /healthz', async () => {
  await open('en');
  expect(await page.inputValue('#v-ringo_ReceiverUrl')).toBe(receiverUrl);
  await page.click('button[data-action="check-connection"]');
  await page.waitForSelector('.ringo-status.ringo-ok');
  expect(await page.textContent('.ringo-status.ringo-ok')).toBe(`The receiver answers (${receiverUrl})`);

  await page.fill('#v-ringo_ReceiverUrl', 'http://127.0.0.1:9');
  await page.click('button[data-action="check-connection"]');
  await page.waitForSelector('.ringo-status.ringo-error');
  expect(await page.textContent('.ringo-status.ringo-error')).toContain('The receiver does not answer');
  expect(page.errors).toEqual([]);
});

it('shows the recording-host and forwarding variables with their help, choices by meaning, and the receiver’s syntax checked before saving', async () => {
  await open();
  // Folded away while no forwarding rule is set; the heading opens it.
  const folded = () => page.$eval('details.ringo-group', (d) => !(d as HTMLDetailsElement).open);
  expect(await folded()).toBe(true);
  expect(await page.isVisible('#v-ringo_ForwardingHours')).toBe(false);
  await page.click('#forwarding-title');
  expect(await folded()).toBe(false);
  expect(await page.textContent('#forwarding-title')).toBe('Переадресація відповідальному менеджеру');
  expect(await page.textContent('label[for="v-ringo_ForwardingHours"]')).toBe('Години переадресації');
  expect(await page.getAttribute('#v-ringo_ForwardingHours', 'aria-describedby')).toBe(
    'v-ringo_ForwardingHours-help v-ringo_ForwardingHours-error',
  );
  expect(await page.textContent('#v-ringo_ForwardingHours-help')).toContain('пн-пт 09:00-18:00');
  expect(await page.$$eval('#v-ringo_ForwardingEnabled option', (o) => o.map((x) => x.textContent))).toEqual([
    'За замовчуванням: Ні',
    'Так',
    'Ні',
  ]);
  expect(
    await page.$$eval('#v-ringo_ForwardingAmbiguous option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    ),
  ).toEqual(['', 'same-owner', 'first', 'no-redirect']);

  const before = values().length;
  await page.fill('#v-ringo_RecordingHosts', 'https://records.example.com');
  await page.fill('#v-ringo_ForwardingHours', 'mon-fri 18:00-09:00');
  await page.fill('#v-ringo_ForwardingExtensions', '111111=company_manager1=x');
  await page.click('button[type="submit"]');
  expect(await page.textContent('#v-ringo_RecordingHosts-error')).toContain('імена серверів через кому');
  expect(await page.textContent('#v-ringo_ForwardingHours-error')).toContain('кінець після початку');
  expect(await page.textContent('#v-ringo_ForwardingExtensions-error')).toContain('111111=company_manager1');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('v-ringo_RecordingHosts');
  expect(values()).toHaveLength(before);

  await page.fill('#v-ringo_RecordingHosts', 'Records.Example.com; *.cdn.example.com');
  await page.selectOption('#v-ringo_ForwardingEnabled', 'on');
  await page.fill('#v-ringo_ForwardingHours', 'пн-пт 09:00-18:00; сб 10:00-14:00');
  await page.selectOption('#v-ringo_ForwardingAmbiguous', 'first');
  await page.fill('#v-ringo_ForwardingExtensions', '111111=company_manager1\n222222=380671112233');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-ok');
  expect(valueOf('ringo_RecordingHosts')).toBe('records.example.com, *.cdn.example.com');
  expect(valueOf('ringo_ForwardingEnabled')).toBe('on');
  expect(valueOf('ringo_ForwardingHours')).toBe('пн-пт 09:00-18:00; сб 10:00-14:00');
  expect(valueOf('ringo_ForwardingAmbiguous')).toBe('first');
  expect(valueOf('ringo_ForwardingExtensions')).toBe('111111=company_manager1\n222222=380671112233');
  // Once a rule is set the group opens by itself, and an invalid value there is shown, not hidden.
  await open();
  expect(await folded()).toBe(false);
  await page.fill('#v-ringo_ForwardingHours', 'mon-fri 9-18');
  await page.click('#forwarding-title');
  expect(await folded()).toBe(true);
  await page.click('button[type="submit"]');
  expect(await folded()).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('v-ringo_ForwardingHours');
  expect(page.errors).toEqual([]);
});

it('keeps a forwarding value typed elsewhere (e.g. "yes") when another field is saved', async () => {
  const row = values().find((r) => r['schemaname'] === 'ringo_ForwardingEnabled');
  if (!row) throw new Error('the previous test saves ringo_ForwardingEnabled');
  // As `npm run deploy -- --set ringo_ForwardingEnabled=yes` would store it (the receiver reads yes as on).
  await page.evaluate(
    (id) =>
      (window as unknown as { Xrm: Xrm.XrmStatic }).Xrm.WebApi.updateRecord('environmentvariablevalue', id, {
        value: 'yes',
      }),
    String(row['environmentvariablevalueid']),
  );
  await open('en');
  expect(await page.inputValue('#v-ringo_ForwardingEnabled')).toBe('yes');
  await page.fill('#v-ringo_CallbackDueHours', '12');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.ringo-status.ringo-ok');
  expect(valueOf('ringo_ForwardingEnabled')).toBe('yes');
  expect(valueOf('ringo_CallbackDueHours')).toBe('12');
});

it.each([...LAYOUTS, [360, 'ru']] as const)(
  'lays out every setting at %i px in %s without scrolling sideways (screenshot)',
  async (width, lang) => {
    const narrow = await harness.newPage({ width, height: 900 });
    await narrow.goto(settings(lang));
    await narrow.waitForSelector('#ringo-settings[aria-busy="false"]');
    if (!(await narrow.isVisible('#v-ringo_ForwardingHours'))) await narrow.click('#forwarding-title');
    await narrow.fill('#v-ringo_ForwardingHours', 'mon-fri 9-18');
    await narrow.click('button[type="submit"]');
    await narrow.waitForSelector('#v-ringo_ForwardingHours[aria-invalid="true"]');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Every control is as wide as its card allows, never wider than the screen.
    const widest = await narrow.$$eval('.ringo-field :is(input, select, textarea)', (controls) =>
      Math.max(...controls.map((c) => c.getBoundingClientRect().right)),
    );
    expect(widest).toBeLessThanOrEqual(width);
    await narrow.locator('#variables-title').scrollIntoViewIfNeeded();
    await narrow.locator('section[aria-labelledby="variables-title"]').screenshot({
      path: join(SCREENSHOTS, `settings-variables-${width}-${lang}.png`),
    });
    expect(narrow.errors).toEqual([]);
  },
);
