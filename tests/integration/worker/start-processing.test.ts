import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { systemClock } from '../../../webhook-receiver/src/clock';
import { createSqliteInbox } from '../../../webhook-receiver/src/inbox/sqlite-inbox';
import { createLogger } from '../../../webhook-receiver/src/logger';
import { createMetricsRegistry } from '../../../webhook-receiver/src/metrics';
import { SettingsError } from '../../../webhook-receiver/src/settings/dataverse-settings';
import { startProcessing } from '../../../webhook-receiver/src/worker/start-processing';

describe('starting call processing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringo-start-'));
  const inbox = createSqliteInbox({ file: join(dir, 'inbox.sqlite') });
  const common = { inbox, logger: createLogger({ level: 'silent' }), clock: systemClock };
  afterAll(() => {
    inbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Dataverse that is down at start does not fail the start; processing starts once it is up', async () => {
    const probe = await startEmulatorServer();
    const url = probe.url;
    await probe.close();

    const processing = await startProcessing({
      ...common,
      registry: createMetricsRegistry(),
      dataverse: { url, staticToken: 't' },
      overrides: {},
      refresh: { startRetryMs: 50 },
    });
    try {
      const down = await processing.readiness();
      expect(down).toMatchObject({
        ready: false,
        checks: { dataverse: { status: 'unreachable' }, processing: { status: 'not started' } },
      });

      const port = Number(new URL(url).port);
      const org = await startEmulatorServer({ port });
      try {
        let ready = false;
        for (let i = 0; i < 400 && !ready; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          ready = (await processing.readiness()).ready;
        }
        expect(await processing.readiness()).toMatchObject({
          ready: true,
          checks: {
            dataverse: { status: 'ok', keyMode: 'alternate-key', contactChangeTracking: 'on' },
            processing: { status: 'running' },
          },
        });
      } finally {
        await processing.stop();
        await org.close();
      }
    } finally {
      await processing.stop();
    }
  }, 20_000);

  it('an org without change tracking on contact is explained on /readyz, and processing still runs', async () => {
    const org = await startEmulatorServer({
      untrackedTables: ['contact'],
      phonecallKey: 'pending',
      dopHint: 8,
    });
    const processing = await startProcessing({
      ...common,
      registry: createMetricsRegistry(),
      dataverse: { url: org.url, staticToken: 't' },
      overrides: {},
    });
    try {
      const readiness = await processing.readiness();
      expect(readiness).toMatchObject({
        ready: true,
        checks: {
          dataverse: {
            keyMode: 'keyless',
            contactChangeTracking: 'off',
            // x-ms-dop-hint from WhoAmI caps the requests in flight (send-parallel-requests).
            concurrentRequests: 8,
            requestBudget: 'not yet known/300s',
          },
        },
      });
      const dataverse = readiness.checks.dataverse as { hint?: string };
      expect(dataverse.hint).toMatch(/Track changes for Contact/);
    } finally {
      await processing.stop();
      await org.close();
    }
  }, 20_000);

  it('invalid settings stop the start with the variable to fix', async () => {
    const org = await startEmulatorServer();
    try {
      await expect(
        startProcessing({
          ...common,
          registry: createMetricsRegistry(),
          dataverse: { url: org.url, staticToken: 't' },
          overrides: { ringo_MissedCallMode: 'sometimes' },
        }),
      ).rejects.toThrow(SettingsError);
    } finally {
      await org.close();
    }
  }, 20_000);
});
