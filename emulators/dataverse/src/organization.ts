import type { Refusal } from './emulator-types';
import type { Language } from './localized-messages';
import { createSchema, type Schema } from './metadata/schema';
import { createRowStore, type RowStore } from './store/row-store';

/** One emulated org: metadata, rows, the calling application user and what callers did. */
export interface Organization {
  schema: Schema;
  store: RowStore;
  now(): Date;
  newId(): string;
  callerId: string;
  businessUnitId: string;
  organizationId: string;
  customApiCalls: Array<{ name: string; parameters: Record<string, unknown>; at: string }>;
  /** Zips imported so far, replayed when a snapshot is loaded. */
  importedSolutions: Uint8Array[];
  phonecallKey: 'active' | 'pending' | 'missing';
  /** How long ImportSolutionAsync stays In Progress (0: completes before the response). */
  importDurationMs: number;
  importRunning: boolean;
  /** The language error messages are written in (1033 English, 1058 Ukrainian). */
  language: Language;
  /** Requests refused on purpose (EmulatorOptions.refuse). */
  refusals: Refusal[];
}

export function createOrganization(options: {
  now: () => Date;
  newId: () => string;
  phonecallKey: Organization['phonecallKey'];
}): Organization {
  const schema = createSchema(options.newId);
  const store = createRowStore((entity) => schema.entity(entity)?.primaryId ?? `${entity}id`);
  return {
    schema,
    store,
    now: options.now,
    newId: options.newId,
    callerId: options.newId(),
    businessUnitId: options.newId(),
    organizationId: options.newId(),
    customApiCalls: [],
    importedSolutions: [],
    phonecallKey: options.phonecallKey,
    importDurationMs: 0,
    importRunning: false,
    language: 1033,
    refusals: [],
  };
}

export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
