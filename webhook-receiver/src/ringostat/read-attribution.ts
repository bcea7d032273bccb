import { clip, readFlag, readText } from './lenient-values';

/**
 * The marketing and quality data a Ringostat call carries beyond the call itself, read leniently: every
 * key is optional, and a value that cannot be read is kept in `extra` with a warning instead of refusing
 * the call (an odd rating must never cost the CRM a phone call). Field codes are Ringostat's call-log
 * codes (../../../../shared/notes/ringostat.md §2.2: the official `calls/list` sample and the public
 * clients that mirror it, e.g. devSviat/Ringostat-OkayCMS and selesnow/ringostat):
 *
 * - `landing`, `refferrer` (sic, the call log's spelling; `referrer` and `referer` are read too),
 *   `client_id` (the Google Analytics client id), `scheme_name` (forwarding scheme), `pool_name`;
 * - `proper_flag` / `repeated_flag`: "1" for a target call / a repeat call (HC 6413217 describes the
 *   statuses PROPER and REPEATED behind them);
 * - `employee_mark`: the rating the client gave in the call-rating menu ("after call rating menu",
 *   HC 6559993); `0` means "not rated" (the official sample sends 0 for an unrated call). `call_rating`
 *   is read too, for admins who named the key after what it is. Meaning of the value: a guess, see
 *   docs/adr/0113-attribution-columns.md;
 * - `duration_ms`: whole call in milliseconds, used when `duration` is absent.
 * Pure: no clock, no I/O.
 */

export interface Attribution {
  landing?: string;
  referrer?: string;
  gaClientId?: string;
  targetCall?: boolean;
  repeatCall?: boolean;
  rating?: number;
  schemeName?: string;
  poolName?: string;
  durationMs?: number;
}

/** Keys this module reads; the parser keeps every other key in `extra`. */
export const ATTRIBUTION_KEYS = [
  'landing',
  'refferrer',
  'referrer',
  'referer',
  'client_id',
  'proper_flag',
  'repeated_flag',
  'employee_mark',
  'call_rating',
  'scheme_name',
  'pool_name',
  'duration_ms',
] as const;

/** Bounds of phonecall.ringo_rating (solution/customizations.xml). */
export const MAX_RATING = 100;

export interface AttributionResult {
  attribution: Attribution;
  /** Values that could not be read, kept as sent. */
  extra: Record<string, string>;
  warnings: string[];
}

export function readAttribution(flat: Record<string, unknown>): AttributionResult {
  const result: AttributionResult = { attribution: {}, extra: {}, warnings: [] };
  const a = result.attribution;
  const text = (key: string): string | undefined => {
    const read = readText(flat[key]);
    if (read.ok) return read.value;
    keep(result, key, flat[key], read.message);
    return undefined;
  };
  const flag = (key: string): boolean | undefined => {
    const read = readFlag(flat[key]);
    if (read.ok) return read.value;
    keep(result, key, flat[key], read.message);
    return undefined;
  };
  const whole = (key: string, max: number): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    const n = Number(value.replace(',', '.'));
    if (Number.isInteger(n) && n >= 0 && n <= max) return n;
    keep(result, key, value, `expected a whole number from 0 to ${max}, got "${clip(value)}"`);
    return undefined;
  };

  set(a, 'landing', text('landing'));
  set(a, 'referrer', text('refferrer') ?? text('referrer') ?? text('referer'));
  set(a, 'gaClientId', text('client_id'));
  set(a, 'targetCall', flag('proper_flag'));
  set(a, 'repeatCall', flag('repeated_flag'));
  const rating = whole('employee_mark', MAX_RATING) ?? whole('call_rating', MAX_RATING);
  if (rating) a.rating = rating; // 0 = not rated
  set(a, 'schemeName', text('scheme_name'));
  set(a, 'poolName', text('pool_name'));
  set(a, 'durationMs', whole('duration_ms', Number.MAX_SAFE_INTEGER));
  return result;
}

function set<K extends keyof Attribution>(target: Attribution, key: K, value: Attribution[K] | undefined) {
  if (value !== undefined) target[key] = value;
}

function keep(result: AttributionResult, key: string, value: unknown, message: string): void {
  result.extra[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  result.warnings.push(`${key}: ${message}; kept in extra`);
}
