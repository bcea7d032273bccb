import { Registry } from 'prom-client';
import { generateCallLog } from '../../../emulators/ringostat/src/fake-call-log';
import type { Clock } from '../../../webhook-receiver/src/clock';
import { createReconciler } from '../../../webhook-receiver/src/ringostat-api/reconciler';
import { startIntakeServer, type IntakeServer } from '../intake/intake-server';
import { startRingostatFixture, type RingostatFixture } from './support/ringostat-fixture';

const NOW = new Date('2026-03-02T12:00:00Z');
const clock: Clock = { now: () => NOW };
const hours = (n: number) => n * 3_600_000;

describe('reconciliation after a webhook outage', () => {
  let fx: RingostatFixture;
  let intake: IntakeServer;
  beforeEach(async () => {
    fx = await startRingostatFixture();
    intake = await startIntakeServer();
  });
  afterEach(async () => {
    await intake.close();
    await fx.close();
  });

  it('enqueues exactly the calls of the last 24 hours that the webhooks did not deliver', async () => {
    const recent = generateCallLog({
      count: 100,
      from: new Date(NOW.getTime() - hours(23)),
      to: new Date(NOW.getTime() - hours(1)),
    });
    const tooOld = generateCallLog({
      count: 5,
      from: new Date(NOW.getTime() - hours(30)),
      to: new Date(NOW.getTime() - hours(25)),
      idPrefix: 'old_',
    });
    fx.server.emulator.seedCalls([...tooOld, ...recent]);

    // The webhooks delivered every call except those during a 40-call outage in the middle.
    const delivered = [...recent.slice(0, 30), ...recent.slice(70)];
    for (const row of delivered) {
      const event = row.call_type === 'out' ? 'after-outgoing-call' : 'after-call';
      const response = await fetch(intake.url(event), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row),
      });
      expect(response.status).toBe(200);
    }

    const registry = new Registry();
    const reconciler = createReconciler({ api: fx.api(), inbox: intake.inbox, clock, registry });
    expect(await reconciler.runOnce()).toEqual({ new: 40, known: 60, skipped: 0, mismatched: 0 });
    expect(fx.server.emulator.requestCount('/calls/list')).toBe(1);

    const inboxIds = intake.inbox.list({ limit: 500 }).map((e) => e.callId);
    expect(inboxIds).toHaveLength(100);
    expect(new Set(inboxIds)).toEqual(new Set(recent.map((r) => r.uniqueid)));
    const reconciled = intake.inbox
      .list({ limit: 500 })
      .filter((e) => e.raw.url === '/calls/list#reconciliation');
    expect(reconciled.map((e) => e.callId).sort()).toEqual(
      recent
        .slice(30, 70)
        .map((r) => r.uniqueid)
        .sort(),
    );

    expect(await reconciler.runOnce()).toEqual({ new: 0, known: 100, skipped: 0, mismatched: 0 });
    expect(reconciler.status()).toMatchObject({
      running: false,
      intervalMs: 15 * 60_000,
      lookbackMs: hours(24),
      lastRunAt: NOW.toISOString(),
      lastSuccessAt: NOW.toISOString(),
      lastError: null,
      lastCounts: { new: 0, known: 100, skipped: 0, mismatched: 0 },
      totals: { new: 40, known: 160, skipped: 0, mismatched: 0 },
    });
    const metrics = await registry.metrics();
    expect(metrics).toContain('ringostat_reconciliation_calls_total{result="new"} 40');
    expect(metrics).toContain('ringostat_reconciliation_runs_total{outcome="ok"} 2');
    expect(metrics).toContain(
      `ringostat_reconciliation_last_success_timestamp_seconds ${NOW.getTime() / 1000}`,
    );
  });

  it('leaves the newest minutes to the webhooks', async () => {
    const fresh = generateCallLog({ count: 3, from: new Date(NOW.getTime() - 120_000), to: NOW });
    fx.server.emulator.seedCalls(fresh);
    const reconciler = createReconciler({ api: fx.api(), inbox: intake.inbox, clock });
    expect(await reconciler.runOnce()).toEqual({ new: 0, known: 0, skipped: 0, mismatched: 0 });
  });

  it('a bad key fails the run with a clear reason in status and metrics, and the reconciler keeps going', async () => {
    const registry = new Registry();
    const errors: string[] = [];
    const reconciler = createReconciler({
      api: fx.api({ authKey: 'wrong' }),
      inbox: intake.inbox,
      clock,
      registry,
      onError: (e) => errors.push(e.message),
    });
    await expect(reconciler.runOnce()).rejects.toMatchObject({ kind: 'auth' });
    reconciler.start();
    await reconciler.stop();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('check RINGOSTAT_AUTH_KEY');
    expect(reconciler.status()).toMatchObject({ running: false, lastSuccessAt: null });
    expect(reconciler.status().lastError).toContain('check RINGOSTAT_AUTH_KEY');
    expect(await registry.metrics()).toContain('ringostat_reconciliation_runs_total{outcome="failed"} 2');
  });

  it('a temporary outage of the API is retried within the run', async () => {
    fx.server.emulator.seedCalls(
      generateCallLog({
        count: 5,
        from: new Date(NOW.getTime() - hours(2)),
        to: new Date(NOW.getTime() - hours(1)),
      }),
    );
    fx.server.emulator.failNext({ status: 503 }, { times: 2 });
    const reconciler = createReconciler({ api: fx.api(), inbox: intake.inbox, clock });
    expect(await reconciler.runOnce()).toEqual({ new: 5, known: 0, skipped: 0, mismatched: 0 });
    expect(fx.sleeps).toHaveLength(2);
  });
});
