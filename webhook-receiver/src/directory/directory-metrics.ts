import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Prometheus metrics of contact matching, registered on the Registry the entry file passes in (none when
 * it passes none). Reuses a metric already registered under the same name, so two directories (or a
 * directory rebuilt in tests) can share one registry.
 */
type Counts = () => { contacts: number; numbers: number; ambiguousNumbers: number };
/** The gauge reads the directory built last on each registry. */
const countsByRegistry = new WeakMap<Registry, Counts>();

export function createDirectoryMetrics(registry: Registry | undefined, counts: Counts) {
  if (!registry) return { refreshed: () => undefined };
  countsByRegistry.set(registry, counts);
  const refreshes =
    existing<Counter<'trigger' | 'kind' | 'outcome'>>(
      registry,
      'ringostat_phone_directory_refreshes_total',
    ) ??
    new Counter({
      name: 'ringostat_phone_directory_refreshes_total',
      help: 'Reads of Dataverse contacts by the phone directory, by trigger (startup, timer, on-demand, manual), kind (full, delta) and outcome.',
      labelNames: ['trigger', 'kind', 'outcome'] as const,
      registers: [registry],
    });
  if (!existing(registry, 'ringostat_phone_directory_numbers')) {
    new Gauge({
      name: 'ringostat_phone_directory_numbers',
      help: 'Distinct E.164 numbers in the phone directory, and how many of them several contacts share.',
      labelNames: ['kind'] as const,
      registers: [registry],
      collect() {
        try {
          const c = countsByRegistry.get(registry)?.();
          if (!c) return;
          this.set({ kind: 'all' }, c.numbers);
          this.set({ kind: 'shared' }, c.ambiguousNumbers);
        } catch {
          // The directory was stopped: its numbers are no longer known.
        }
      },
    });
  }
  return {
    refreshed(trigger: string, kind: string, outcome: string): void {
      refreshes.inc({ trigger, kind, outcome });
    },
  };
}

/** The counter of DESIGN.md §5 ambiguity: a number that several contacts share was looked up. */
export function ambiguousMatchCounter(registry: Registry | undefined): { inc(source: string): void } {
  if (!registry) return { inc: () => undefined };
  const name = 'ringostat_ambiguous_contact_matches_total';
  const counter =
    existing<Counter<'source'>>(registry, name) ??
    new Counter({
      name,
      help: 'Lookups where several contacts share the caller number; the call goes to the active, most recently modified one.',
      labelNames: ['source'] as const,
      registers: [registry],
    });
  return { inc: (source) => counter.inc({ source }) };
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}
