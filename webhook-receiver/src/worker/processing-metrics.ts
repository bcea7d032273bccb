import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RequestLimiter } from '../dataverse/request-limiter';
import type { Settlement } from './worker';

/** What the worker and the gateway add to /metrics (one registry per receiver, see ../metrics.ts). */
export interface ProcessingMetrics {
  dataverseRequest(operation: string, outcome: string, seconds: number): void;
  settled(event: string, settlement: Settlement, seconds: number): void;
}

export function createProcessingMetrics(registry: Registry): ProcessingMetrics {
  const requests = new Histogram({
    name: 'dataverse_request_seconds',
    help: 'Dataverse Web API calls by operation and outcome (ok, HTTP status, or error for network failures)',
    labelNames: ['operation', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const events = new Counter({
    name: 'call_events_processed_total',
    help: 'Inbox entries the worker finished, by event and settlement (done, retry, dead)',
    labelNames: ['event', 'settlement'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'call_event_processing_seconds',
    help: 'Time from claim to settlement of one inbox entry',
    labelNames: ['event'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    dataverseRequest: (operation, outcome, seconds) => requests.observe({ operation, outcome }, seconds),
    settled(event, settlement, seconds) {
      events.inc({ event, settlement });
      duration.observe({ event }, seconds);
    },
  };
}

/** The shared request limiter's state: how much of the concurrent-request limit is in use, how many wait. */
export function registerLimiterMetrics(registry: Registry, limiter: RequestLimiter): void {
  if (registry.getSingleMetric('dataverse_requests_in_flight')) return;
  new Gauge({
    name: 'dataverse_requests_in_flight',
    help: 'Dataverse requests running now (at most DATAVERSE_MAX_CONCURRENT_REQUESTS)',
    registers: [registry],
    collect() {
      this.set(limiter.inFlight());
    },
  });
  new Gauge({
    name: 'dataverse_requests_waiting',
    help: 'Dataverse requests waiting for a free slot or for a Retry-After pause to end',
    registers: [registry],
    collect() {
      this.set(limiter.waiting());
    },
  });
}
