import { Counter, Histogram, type Registry } from 'prom-client';
import type { ForwardingKind } from './decide-forwarding';
import type { UnexpectedShape } from './forwarding-request';

/**
 * Prometheus metrics of the forwarding endpoint, on the receiver's registry (idempotent per registry):
 *
 *   ringostat_forwarding_answers_total{kind,format}            every answer, by kind (redirect, new, …)
 *   ringostat_forwarding_seconds                               request → answer, body read included
 *   ringostat_forwarding_unexpected_requests_total{reason}     requests not shaped as docs/adr/0130 assumes
 *   ringostat_forwarding_followups_total{result}               what the after-call webhook said of a redirect
 */
export interface ForwardingMetrics {
  answered(kind: ForwardingKind, format: string, seconds: number): void;
  unexpected(reason: UnexpectedShape): void;
  followup(result: string): void;
}

export function createForwardingMetrics(registry: Registry): ForwardingMetrics {
  const get = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  const answers =
    get<Counter<'kind' | 'format'>>('ringostat_forwarding_answers_total') ??
    new Counter({
      name: 'ringostat_forwarding_answers_total',
      help: 'Answers to Ringostat forwarding requests by kind (redirect or why not) and answer format',
      labelNames: ['kind', 'format'],
      registers: [registry],
    });
  const latency =
    get<Histogram>('ringostat_forwarding_seconds') ??
    new Histogram({
      name: 'ringostat_forwarding_seconds',
      help: 'Time from a Ringostat forwarding request to its answer',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  const unexpected =
    get<Counter<'reason'>>('ringostat_forwarding_unexpected_requests_total') ??
    new Counter({
      name: 'ringostat_forwarding_unexpected_requests_total',
      help: 'Forwarding requests whose shape differs from what the receiver assumes (see GET /admin/forwarding)',
      labelNames: ['reason'],
      registers: [registry],
    });
  const followups =
    get<Counter<'result'>>('ringostat_forwarding_followups_total') ??
    new Counter({
      name: 'ringostat_forwarding_followups_total',
      help: 'Redirected calls by what their after-call webhook showed: reached the manager, answered by someone else, missed',
      labelNames: ['result'],
      registers: [registry],
    });
  return {
    answered(kind, format, seconds) {
      answers.inc({ kind, format });
      latency.observe(seconds);
    },
    unexpected: (reason) => unexpected.inc({ reason }),
    followup: (result) => followups.inc({ result }),
  };
}
