/**
 * What every drill is and what it reports. A drill is a module exporting a `Drill`: it runs at a size
 * (`full` for `npm run drill`, `ci` for the jest versions) and returns checks, each a named expectation
 * with what was measured. A drill passes when every check passes.
 */
export const DRILL_SIZES = ['full', 'ci'] as const;
export type DrillSize = (typeof DRILL_SIZES)[number];

export interface DrillCheck {
  /** What must hold, e.g. "every call logged exactly once". */
  name: string;
  passed: boolean;
  /** What was measured, e.g. "10000 of 10000 phone calls, 0 duplicates". */
  detail: string;
}

export interface DrillResult {
  name: string;
  title: string;
  size: DrillSize;
  /** The parameters the drill ran with, for the report ("calls: 10000, fault rate: 30 %"). */
  parameters: Record<string, string | number>;
  durationMs: number;
  checks: DrillCheck[];
  /** Counts the tests assert on directly (lost, duplicated, …). */
  counts: Record<string, number>;
  /** Free text for the report: what happened, what to watch. */
  notes: string[];
  passed: boolean;
}

export interface DrillLog {
  (message: string): void;
}

export interface Drill {
  name: string;
  title: string;
  run(size: DrillSize, log?: DrillLog): Promise<DrillResult>;
}

/** Builds a result from its checks; `passed` is true only when every check passed. */
export function drillResult(
  base: Omit<DrillResult, 'passed' | 'durationMs'> & { startedAt: number },
): DrillResult {
  const { startedAt, ...rest } = base;
  return {
    ...rest,
    durationMs: Math.round(performance.now() - startedAt),
    passed: rest.checks.length > 0 && rest.checks.every((c) => c.passed),
  };
}

export function check(name: string, passed: boolean, detail: string): DrillCheck {
  return { name, passed, detail };
}

export const silentLog: DrillLog = () => undefined;
