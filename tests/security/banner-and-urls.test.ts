import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookUrlLines } from '../../scripts/webhook-urls';
import { loadConfig, withDemoToken } from '../../webhook-receiver/src/config';
import { createLogger } from '../../webhook-receiver/src/logger';
import { banner } from '../../webhook-receiver/src/server';
import { startReceiver, type RunningReceiver } from '../../webhook-receiver/src/start-receiver';

/**
 * The start-up text hides the webhook token outside demo mode; `npm run webhook-urls` prints the URLs with
 * it on request (docs/adr/0085-the-token-is-never-stored.md).
 */
jest.setTimeout(30_000);

const TOKEN = 'banner-webhook-token-0123456789';
let dir: string;
let receiver: RunningReceiver | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'banner-'));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  DATA_DIR: dir,
  HOST: '127.0.0.1',
  PORT: '0',
  RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
  ...extra,
});
const silent = { logger: createLogger({ level: 'silent' }) };

test('outside demo mode the banner shows the URLs without the token and says how to get them', async () => {
  const live = env({ DATAVERSE_URL: 'https://contoso.crm4.dynamics.com', DATAVERSE_TOKEN: 'x'.repeat(20) });
  receiver = await startReceiver(loadConfig(live), undefined, silent);
  const text = banner(receiver, []);
  expect(text).not.toContain(TOKEN);
  expect(text).toMatch(/\/ringostat\/after-call\?token=•+/);
  expect(text).toContain('npm run webhook-urls');
});

test('in demo mode the banner shows the full URLs (the token is a throwaway one in DATA_DIR)', async () => {
  receiver = await startReceiver(withDemoToken(loadConfig(env())), undefined, silent);
  expect(banner(receiver, [])).toContain(`/ringostat/after-call?token=${TOKEN}`);
});

test('npm run webhook-urls prints the three URLs with the token, from PUBLIC_URL', () => {
  const lines = webhookUrlLines(env({ PUBLIC_URL: 'https://calls.example.com' })).join('\n');
  for (const event of ['before-call', 'after-call', 'after-outgoing-call']) {
    expect(lines).toContain(`https://calls.example.com/ringostat/${event}?token=${TOKEN}`);
  }
});

test('npm run webhook-urls in demo mode uses the token kept in DATA_DIR', () => {
  const demo = { DATA_DIR: dir, HOST: '127.0.0.1', PORT: '3000' };
  const kept = withDemoToken(loadConfig(demo)).webhookToken ?? '';
  expect(webhookUrlLines(demo).join('\n')).toContain(
    `http://127.0.0.1:3000/ringostat/before-call?token=${kept}`,
  );
});
