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

/** Route labels that are not a route: 401s of every route count under one, unmatched paths under another. */
export const UNAUTHORIZED_ROUTE = 'unauthorized';
export const NOT_FOUND_ROUTE = 'not_found';

export interface HttpMetrics {
  observe(route: string, status: number, seconds: number): void;
}

/**
 * Every HTTP answer by route and status. The route label is the matched route's pattern
 * (`request.routeOptions.url`, e.g. `/admin/events/:id`), never the URL as sent: the label set is fixed by
 * the code, so no caller can add series to /metrics (docs/adr/0082-metrics-labels-from-routes.md).
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests =
    (registry.getSingleMetric('http_requests_total') as Counter<'route' | 'status'> | undefined) ??
    new Counter({
      name: 'http_requests_total',
      help: `HTTP answers by matched route pattern and status (${UNAUTHORIZED_ROUTE}: every 401; ${NOT_FOUND_ROUTE}: no route matched)`,
      labelNames: ['route', 'status'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('http_request_duration_seconds') as Histogram<'route'> | undefined) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request to answer by matched route pattern',
      labelNames: ['route'],
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
      registers: [registry],
    });
  return {
    observe(route, status, seconds) {
      requests.inc({ route, status: String(status) });
      duration.observe({ route }, seconds);
    },
  };
}

/** The label for one answer: from the route the router matched, or one of the two fixed stand-ins. */
export function routeLabel(routeUrl: string | undefined, status: number): string {
  if (status === 401) return UNAUTHORIZED_ROUTE;
  return routeUrl ?? NOT_FOUND_ROUTE;
}
