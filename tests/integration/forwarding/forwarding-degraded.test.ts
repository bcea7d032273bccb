import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { systemClock } from '../../../webhook-receiver/src/clock';
import {
  createForwarding,
  type ForwardingService,
} from '../../../webhook-receiver/src/forwarding/create-forwarding';
import { createForwardingStore } from '../../../webhook-receiver/src/forwarding/forwarding-store';
import type { OwnerExtensions } from '../../../webhook-receiver/src/forwarding/owner-extensions';
import { buildApp } from '../../../webhook-receiver/src/http/app';
import { createSqliteInbox, type SqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';
import {
  expectedBody,
  FORMATS,
  NUMBERS,
  startForwardingReceiver,
  startForwardingStack,
  TOKEN,
  type Format,
} from './forwarding-stack';

/**
 * When something is missing or broken, the call still gets an answer — "no redirect" — in time:
 * no phone directory, a slow or failing extension source, Dataverse gone after a restart.
 */
async function ask(url: string, format: Format, caller: string) {
  const path = `${url}/ringostat/forwarding?token=${TOKEN}`;
  const started = performance.now();
  const response =
    format === 'http'
      ? await fetch(`${path}&caller=${caller}`)
      : await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            format === 'json' ? { caller } : { jsonrpc: '2.0', id: 7, method: 'm', params: { caller } },
          ),
        });
  return {
    status: response.status,
    kind: response.headers.get('x-ringostat-forwarding'),
    body: await response.text(),
    ms: performance.now() - started,
  };
}

/** The receiver's app alone on 127.0.0.1, with `forwarding` or without (not assembled). */
async function listen(inbox: SqliteInbox, registry: Registry, forwarding?: ForwardingService) {
  const app = await buildApp({
    config: { webhookToken: TOKEN, bodyLimitBytes: 1 << 20, timeZone: 'Europe/Kyiv', demo: false },
    inbox,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    registry,
    ...(forwarding ? { forwarding } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('not_ready: without the phone directory there is nothing local to answer from', () => {
  it.each(FORMATS)(
    'answers "no redirect" (%s)',
    async (format) => {
      const stack = await startForwardingStack({ phoneDirectory: false });
      try {
        stack.org.emulator.resetRequestLog();
        const answer = await ask(stack.url, format, NUMBERS.olena);
        expect([answer.status, answer.kind, answer.body]).toEqual([
          200,
          'not_ready',
          expectedBody(format, undefined),
        ]);
        expect(stack.org.emulator.requests()).toEqual([]);
      } finally {
        await stack.close();
      }
    },
    60_000,
  );
});

describe('deadline and error: an extension source that hangs or throws', () => {
  const OLENA = 'aaaaaaaa-0000-4000-8000-000000000001';
  let dir: string;
  let inbox: SqliteInbox;
  let forwarding: ForwardingService;
  let app: FastifyInstance;
  let url: string;
  let behaviour: 'hang' | 'throw' = 'hang';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'forwarding-degraded-'));
    const seeded = createForwardingStore(join(dir, 'forwarding.sqlite'));
    seeded.replaceUsers(
      [{ systemuserid: OLENA, staffId: '111111', disabled: false }],
      new Date().toISOString(),
    );
    seeded.close();
    inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
    // A staff directory that never answers, or fails: the shape of a future Ringostat staff-API source.
    const flaky: OwnerExtensions = {
      extensionForUser: () =>
        behaviour === 'hang'
          ? new Promise<string>(() => undefined)
          : Promise.reject(new Error('staff directory broke')),
    };
    const registry = createMetricsRegistry();
    const logger = createLogger({ level: 'silent' });
    forwarding = createForwarding({
      dataDir: dir,
      directory: {
        peek: () => [
          {
            contactid: 'c1',
            statecode: 0,
            modifiedon: '2026-03-01T00:00:00Z',
            ownerid: OLENA,
            ownerType: 'systemuser',
          },
        ],
        status: () => ({ mode: 'directory' }),
      },
      inbox,
      overrides: { ringo_ForwardingEnabled: 'on' },
      timeZone: 'Europe/Kyiv',
      defaultCountry: 'UA',
      deadlineMs: 150,
      clock: systemClock,
      logger,
      registry,
      extensions: flaky,
    });
    await forwarding.start();
    ({ app, url } = await listen(inbox, registry, forwarding));
  });

  afterAll(async () => {
    await app?.close();
    await forwarding?.stop();
    inbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(FORMATS)(
    'deadline: past FORWARDING_DEADLINE_MS the answer is "no redirect", in time (%s)',
    async (format) => {
      behaviour = 'hang';
      const answer = await ask(url, format, NUMBERS.olena);
      expect([answer.status, answer.kind, answer.body]).toEqual([
        200,
        'deadline',
        expectedBody(format, undefined),
      ]);
      expect(answer.ms).toBeGreaterThanOrEqual(140);
      expect(answer.ms).toBeLessThan(2_000);
    },
  );

  it.each(FORMATS)('error: a failing source is answered "no redirect" (%s)', async (format) => {
    behaviour = 'throw';
    const answer = await ask(url, format, NUMBERS.olena);
    expect([answer.status, answer.kind, answer.body]).toEqual([
      200,
      'error',
      expectedBody(format, undefined),
    ]);
  });

  it('off: a receiver assembled without forwarding answers "no redirect" to every request', async () => {
    const bare = await listen(inbox, createMetricsRegistry());
    try {
      for (const format of FORMATS) {
        const answer = await ask(bare.url, format, NUMBERS.olena);
        expect([answer.kind, answer.body]).toEqual(['off', expectedBody(format, undefined)]);
      }
    } finally {
      await bare.app.close();
    }
  });
});

describe('a stale copy never blocks: restarted while Dataverse is down', () => {
  it('answers from what the last run knew — directory, users, settings, extensions', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forwarding-restart-'));
    const stack = await startForwardingStack({ dataDir });
    try {
      expect((await ask(stack.url, 'json', NUMBERS.olena)).body).toBe('{"destination":"olena_sip"}');
      await stack.receiver.close();
      await stack.org.close();

      const restarted = await startForwardingReceiver(stack.org.url, dataDir);
      try {
        for (const format of FORMATS) {
          const answer = await ask(restarted.url, format, NUMBERS.olena);
          expect([answer.kind, answer.body]).toEqual(['redirect', expectedBody(format, 'olena_sip')]);
          expect((await ask(restarted.url, format, NUMBERS.team)).kind).toBe('team');
        }
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
