import { CallResult } from '../shared/recording-state';

export interface CallTotals {
  readonly count: number;
  readonly answered: number;
  readonly missed: number;
  readonly talkSeconds: number;
  /** True when more calls matched than were counted (see TOTALS_LIMIT). */
  readonly truncated: boolean;
}

export const EMPTY_TOTALS: CallTotals = {
  count: 0,
  answered: 0,
  missed: 0,
  talkSeconds: 0,
  truncated: false,
};

/** Adds one page of rows (ringo_callresult, ringo_talkseconds) to running totals. */
export function addToTotals(totals: CallTotals, rows: readonly Record<string, unknown>[]): CallTotals {
  let { count, answered, missed, talkSeconds } = totals;
  for (const row of rows) {
    count += 1;
    const result = row['ringo_callresult'];
    if (result === CallResult.answered) answered += 1;
    else if (result === CallResult.missed) missed += 1;
    const talk = Number(row['ringo_talkseconds']);
    if (Number.isFinite(talk) && talk > 0) talkSeconds += talk;
  }
  return { count, answered, missed, talkSeconds, truncated: totals.truncated };
}
