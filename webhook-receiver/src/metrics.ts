import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock';
import type { Inbox } from './inbox/inbox';
import { INBOX_STATUSES } from './inbox/inbox';

/**
 * Prometheus metrics. One registry per receiver (never prom-client's global one), created here and handed
 * to every part, so the worker and the admin API add their metrics to the same /metrics page.
 */

export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

export const INTAKE_OUTCOMES = [
  'accepted',
  'duplicate',
  'unauthorized',
  'invalid',
  'too_large',
  'error',
] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

export interface IntakeMetrics {
  observe(event: string, outcome: IntakeOutcome, seconds: number): void;
}

/** Webhook counters plus inbox gauges read from `inbox.stats()` at scrape time. Idempotent per registry. */
export function createIntakeMetrics(registry: Registry, deps: { inbox: Inbox; clock: Clock }): IntakeMetrics {
  const requests =
    (registry.getSingleMetric('ringostat_webhook_requests_total') as
      Counter<'event' | 'outcome'> | undefined) ??
    new Counter({
      name: 'ringostat_webhook_requests_total',
      help: 'Ringostat webhook requests by event and outcome',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    });
  const latency =
    (registry.getSingleMetric('ringostat_webhook_intake_seconds') as Histogram<'event'> | undefined) ??
    new Histogram({
      name: 'ringostat_webhook_intake_seconds',
      help: 'Time from request to answer for Ringostat webhooks (includes the inbox commit)',
      labelNames: ['event'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });

  if (!registry.getSingleMetric('inbox_entries')) {
    new Gauge({
      name: 'inbox_entries',
      help: 'Inbox entries by status (rejected = requests answered 400/413)',
      labelNames: ['status'],
      registers: [registry],
      collect() {
        const stats = deps.inbox.stats(deps.clock.now());
        for (const status of [...INBOX_STATUSES, 'rejected'] as const) this.set({ status }, stats[status]);
      },
    });
    new Gauge({
      name: 'inbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending inbox entry (0 when none is pending)',
      registers: [registry],
      collect() {
        this.set(deps.inbox.stats(deps.clock.now()).oldestPendingAgeSeconds ?? 0);
      },
    });
  }

  return {
    observe(event, outcome, seconds) {
      requests.inc({ event, outcome });
      latency.observe({ event }, seconds);
    },
  };
}
