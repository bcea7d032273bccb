/**
 * In-memory rows with an undo log (for atomic $batch change sets) and a change log (for change tracking).
 * Rows hold values by logical column name; lookup columns hold an {@link EntityRef}.
 */
export interface EntityRef {
  id: string;
  entity: string;
}
export type Row = Record<string, unknown>;

export function isEntityRef(v: unknown): v is EntityRef {
  return typeof v === 'object' && v !== null && 'id' in v && 'entity' in v;
}

export interface Tombstone {
  id: string;
  version: number;
}

export interface StoreSnapshot {
  version: number;
  tables: Record<string, Row[]>;
  tombstones: Record<string, Tombstone[]>;
}

export interface RowStore {
  get(entity: string, id: string): Row | undefined;
  all(entity: string): Row[];
  insert(entity: string, id: string, row: Row): void;
  replace(entity: string, id: string, row: Row): void;
  remove(entity: string, id: string): void;
  /** Monotonic row version (Dataverse `versionnumber`), also the change-tracking watermark. */
  nextVersion(): number;
  currentVersion(): number;
  tombstones(entity: string): Tombstone[];
  /** Runs `fn`; if it throws, every change made inside is undone (ExecuteTransaction semantics). */
  transaction<T>(fn: () => T): T;
  snapshot(): StoreSnapshot;
  load(snapshot: StoreSnapshot): void;
}

export function createRowStore(idKey: (entity: string) => string): RowStore {
  const tables = new Map<string, Map<string, Row>>();
  const graves = new Map<string, Tombstone[]>();
  let version = 1000;
  let undo: Array<() => void> | null = null;

  const table = (entity: string) => {
    let t = tables.get(entity);
    if (!t) tables.set(entity, (t = new Map()));
    return t;
  };
  const record = (step: () => void) => undo?.push(step);

  return {
    get: (entity, id) => tables.get(entity)?.get(id),
    all: (entity) => [...(tables.get(entity)?.values() ?? [])],
    insert(entity, id, row) {
      table(entity).set(id, row);
      record(() => table(entity).delete(id));
    },
    replace(entity, id, row) {
      const before = table(entity).get(id);
      table(entity).set(id, row);
      record(() => (before ? table(entity).set(id, before) : table(entity).delete(id)));
    },
    remove(entity, id) {
      const before = table(entity).get(id);
      if (!before) return;
      table(entity).delete(id);
      let list = graves.get(entity);
      if (!list) graves.set(entity, (list = []));
      const stones = list;
      stones.push({ id, version: ++version });
      record(() => {
        stones.pop();
        table(entity).set(id, before);
      });
    },
    nextVersion: () => ++version,
    currentVersion: () => version,
    tombstones: (entity) => [...(graves.get(entity) ?? [])],
    transaction(fn) {
      if (undo) return fn();
      undo = [];
      try {
        const result = fn();
        undo = null;
        return result;
      } catch (e) {
        const steps: Array<() => void> = undo ?? [];
        undo = null;
        for (const step of steps.reverse()) step();
        throw e;
      }
    },
    snapshot: () => ({
      version,
      tables: Object.fromEntries([...tables].map(([name, rows]) => [name, [...rows.values()]])),
      tombstones: Object.fromEntries(graves),
    }),
    load(snap) {
      version = snap.version;
      tables.clear();
      graves.clear();
      for (const [name, rows] of Object.entries(snap.tables)) {
        const key = idKey(name);
        for (const row of rows) table(name).set(String(row[key]), row);
      }
      for (const [name, stones] of Object.entries(snap.tombstones)) graves.set(name, [...stones]);
    },
  };
}
