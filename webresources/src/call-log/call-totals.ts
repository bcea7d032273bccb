import { callOutcome } from '../shared/call-outcome';

export interface CallTotals {
  readonly count: number;
  readonly answered: number;
  /** Incoming calls nobody took. */
  readonly missed: number;
  /** Outgoing calls the client did not pick up. */
  readonly notAnswered: number;
  readonly talkSeconds: number;
  /** True when more calls matched than were counted (see TOTALS_LIMIT). */
  readonly truncated: boolean;
}

export const EMPTY_TOTALS: CallTotals = {
  count: 0,
  answered: 0,
  missed: 0,
  notAnswered: 0,
  talkSeconds: 0,
  truncated: false,
};

/** Adds one page of rows (directioncode, ringo_callresult, ringo_talkseconds) to running totals. */
export function addToTotals(totals: CallTotals, rows: readonly Record<string, unknown>[]): CallTotals {
  let { count, answered, missed, notAnswered, talkSeconds } = totals;
  for (const row of rows) {
    count += 1;
    const outcome = callOutcome(row['directioncode'] === true, row['ringo_callresult']);
    if (outcome === 'answered') answered += 1;
    else if (outcome === 'missed') missed += 1;
    else if (outcome === 'not-answered') notAnswered += 1;
    const talk = Number(row['ringo_talkseconds']);
    if (Number.isFinite(talk) && talk > 0) talkSeconds += talk;
  }
  return { count, answered, missed, notAnswered, talkSeconds, truncated: totals.truncated };
}
