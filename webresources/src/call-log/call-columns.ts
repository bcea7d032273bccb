import type { TextKey } from '../shared/texts';

/**
 * The journal's optional columns: the attribution Ringostat sends with a call (docs/adr/0113), off by
 * default, switched on per browser in the column picker (docs/adr/0146). `kind` says how a value is shown:
 * `url` and `text` as text cut with an ellipsis (a URL is a link only when it is a safe http(s) address),
 * `flag` as Yes/No and `rating` as a number, both in the user's language.
 */
export const OPTIONAL_COLUMNS = [
  { key: 'landing', column: 'ringo_landing', label: 'colLanding', kind: 'url' },
  { key: 'referrer', column: 'ringo_referrer', label: 'colReferrer', kind: 'url' },
  { key: 'gaclientid', column: 'ringo_gaclientid', label: 'colGaClientId', kind: 'text' },
  { key: 'targetcall', column: 'ringo_targetcall', label: 'colTargetCall', kind: 'flag' },
  { key: 'repeatcall', column: 'ringo_repeatcall', label: 'colRepeatCall', kind: 'flag' },
  { key: 'rating', column: 'ringo_rating', label: 'colRating', kind: 'rating' },
  { key: 'scheme', column: 'ringo_scheme', label: 'colScheme', kind: 'text' },
  { key: 'pool', column: 'ringo_pool', label: 'colPool', kind: 'text' },
] as const satisfies readonly {
  key: string;
  column: string;
  label: TextKey;
  kind: 'url' | 'text' | 'flag' | 'rating';
}[];

export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
export type OptionalKey = OptionalColumn['key'];

const KEYS: ReadonlySet<string> = new Set(OPTIONAL_COLUMNS.map((c) => c.key));

/** The picker's choice in localStorage: `{"v":1,"shown":["landing","rating"]}`. */
export const STORAGE_KEY = 'ringo.callLog.columns';

/** The chosen keys in the picker's order, whatever order they came in. */
export function inPickerOrder(keys: Iterable<string>): OptionalKey[] {
  const wanted = new Set(keys);
  return OPTIONAL_COLUMNS.filter((c) => wanted.has(c.key)).map((c) => c.key);
}

/**
 * Reads a stored choice leniently: anything damaged (not JSON, another version, not a list, unknown or
 * repeated keys, a huge value) falls back to what can be read, or to the default — no optional column.
 */
export function parseShownColumns(stored: string | null): OptionalKey[] {
  if (stored === null || stored.length > 2000) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || (value as { v?: unknown }).v !== 1) return [];
  const shown = (value as { shown?: unknown }).shown;
  if (!Array.isArray(shown)) return [];
  return inPickerOrder(shown.filter((k): k is string => typeof k === 'string' && KEYS.has(k)));
}

export function serializeShownColumns(keys: readonly OptionalKey[]): string {
  return JSON.stringify({ v: 1, shown: inPickerOrder(keys) });
}

/** localStorage can be missing or refuse (storage off, a sandboxed frame, quota): the journal still works. */
export interface ChoiceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadShownColumns(store: () => ChoiceStore | null): OptionalKey[] {
  try {
    return parseShownColumns(store()?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return [];
  }
}

/** False when the browser would not keep the choice (it still applies until the page is closed). */
export function saveShownColumns(store: () => ChoiceStore | null, keys: readonly OptionalKey[]): boolean {
  try {
    const target = store();
    if (!target) return false;
    target.setItem(STORAGE_KEY, serializeShownColumns(keys));
    return true;
  } catch {
    return false;
  }
}

/** Dataverse columns behind the shown keys, for $select. */
export function selectedColumns(keys: readonly OptionalKey[]): string[] {
  const wanted = new Set<string>(keys);
  return OPTIONAL_COLUMNS.filter((c) => wanted.has(c.key)).map((c) => c.column);
}
