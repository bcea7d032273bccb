import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Prometheus metrics of the Ringostat API side: contact-book pushes and reconciliation runs. Created
 * once per registry (the contact-book sync and the reconciler share them), registered on the registry
 * the receiver serves at /metrics.
 */
export interface RingostatMetrics {
  contactSyncLastPush: Gauge;
  contactSyncContacts: Counter<'result'>;
  reconciliationLastRun: Gauge;
  reconciliationLastSuccess: Gauge;
  reconciliationRuns: Counter<'outcome'>;
  reconciliationCalls: Counter<'result'>;
}

const byRegistry = new WeakMap<Registry, RingostatMetrics>();

export function ringostatMetrics(registry: Registry): RingostatMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: RingostatMetrics = {
    contactSyncLastPush: new Gauge({
      name: 'ringostat_contact_sync_last_push_timestamp_seconds',
      help: 'When contacts were last pushed to the Ringostat Smart Phone contact book (Unix seconds)',
      registers,
    }),
    contactSyncContacts: new Counter({
      name: 'ringostat_contact_sync_contacts_total',
      help: 'Contacts handed to the contact-book sync, by result (pushed, unchanged, skipped, failed)',
      labelNames: ['result'],
      registers,
    }),
    reconciliationLastRun: new Gauge({
      name: 'ringostat_reconciliation_last_run_timestamp_seconds',
      help: 'When the call-history reconciliation last ran (Unix seconds)',
      registers,
    }),
    reconciliationLastSuccess: new Gauge({
      name: 'ringostat_reconciliation_last_success_timestamp_seconds',
      help: 'When the call-history reconciliation last completed without error (Unix seconds)',
      registers,
    }),
    reconciliationRuns: new Counter({
      name: 'ringostat_reconciliation_runs_total',
      help: 'Reconciliation runs, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    reconciliationCalls: new Counter({
      name: 'ringostat_reconciliation_calls_total',
      help: 'Calls seen by reconciliation: new = missed by webhooks and now enqueued, known, skipped, mismatched = delivered by webhook under another id',
      labelNames: ['result'],
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
