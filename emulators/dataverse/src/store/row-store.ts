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
  /** Ids of rows whose column equals `value` (normalised); indexed, for alternate keys. */
  findBy(entity: string, column: string, value: unknown): string[];
  insert(entity: string, id: string, row: Row): void;
  replace(entity: string, id: string, row: Row): void;
  remove(entity: string, id: string): void;
  /** Monotonic row version (Dataverse `versionnumber`), also the change-tracking watermark. */
  nextVersion(): number;
  currentVersion(): number;
  tombstones(entity: string): Tombstone[];
  /** Registers how to undo a change kept outside the store, if a transaction is open. */
  onRollback(step: () => void): void;
  /** Runs `fn`; if it throws, every change made inside is undone (ExecuteTransaction semantics). */
  transaction<T>(fn: () => T): T;
  snapshot(): StoreSnapshot;
  load(snapshot: StoreSnapshot): void;
}

/** Comparable form of a stored value (text compares case-insensitively, like SQL Server's collation). */
export function normalize(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (isEntityRef(v)) return v.id;
  return String(v).toLowerCase();
}

export function createRowStore(idKey: (entity: string) => string): RowStore {
  const tables = new Map<string, Map<string, Row>>();
  const graves = new Map<string, Tombstone[]>();
  /** `entity|column` → normalised value → ids; built on first lookup, kept current by put(). */
  const indexes = new Map<string, Map<string, Set<string>>>();
  let version = 1000;
  let undo: Array<() => void> | null = null;

  const table = (entity: string) => {
    let t = tables.get(entity);
    if (!t) tables.set(entity, (t = new Map()));
    return t;
  };
  const record = (step: () => void) => undo?.push(step);
  const indexAdd = (index: Map<string, Set<string>>, value: string | null, id: string) => {
    if (value === null) return;
    let ids = index.get(value);
    if (!ids) index.set(value, (ids = new Set()));
    ids.add(id);
  };
  const put = (entity: string, id: string, row: Row | undefined) => {
    const t = table(entity);
    const before = t.get(id);
    for (const [name, index] of indexes) {
      const [indexEntity, column = ''] = name.split('|');
      if (indexEntity !== entity) continue;
      const old = before ? normalize(before[column]) : null;
      if (old !== null) index.get(old)?.delete(id);
      if (row) indexAdd(index, normalize(row[column]), id);
    }
    if (row) t.set(id, row);
    else t.delete(id);
  };

  return {
    get: (entity, id) => tables.get(entity)?.get(id),
    all: (entity) => [...(tables.get(entity)?.values() ?? [])],
    findBy(entity, column, value) {
      const name = `${entity}|${column}`;
      let index = indexes.get(name);
      if (!index) {
        const built = new Map<string, Set<string>>();
        for (const [id, row] of table(entity)) indexAdd(built, normalize(row[column]), id);
        indexes.set(name, (index = built));
      }
      const key = normalize(value);
      return key === null ? [] : [...(index.get(key) ?? [])];
    },
    insert(entity, id, row) {
      put(entity, id, row);
      record(() => put(entity, id, undefined));
    },
    replace(entity, id, row) {
      const before = table(entity).get(id);
      put(entity, id, row);
      record(() => put(entity, id, before));
    },
    remove(entity, id) {
      const before = table(entity).get(id);
      if (!before) return;
      put(entity, id, undefined);
      let list = graves.get(entity);
      if (!list) graves.set(entity, (list = []));
      const stones = list;
      stones.push({ id, version: ++version });
      record(() => {
        stones.pop();
        put(entity, id, before);
      });
    },
    onRollback: (step) => void record(step),
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
      indexes.clear();
      graves.clear();
      for (const [name, rows] of Object.entries(snap.tables)) {
        const key = idKey(name);
        for (const row of rows) table(name).set(String(row[key]), row);
      }
      for (const [name, stones] of Object.entries(snap.tombstones)) graves.set(name, [...stones]);
    },
  };
}
