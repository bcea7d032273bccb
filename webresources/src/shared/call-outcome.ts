import type { TextKey } from './texts';

/** ringo_callresult choice values (solution/customizations.xml, publisher prefix 10735). */
export const CallResult = { answered: 107350000, missed: 107350001 } as const;
/** ringo_hasrecording choice values: Ringostat's has_recording "1"/"0"; empty when it was not sent. */
export const HasRecording = { yes: 107350000, no: 107350001 } as const;

/**
 * What happened on a call, from direction and result. An incoming call nobody took is "missed"; an
 * outgoing call the client did not pick up is "not answered" — the same words the phone call's subject
 * uses ("Пропущений дзвінок від …", "Вихідний дзвінок без відповіді на …").
 */
export type CallOutcome = 'answered' | 'missed' | 'not-answered' | 'unknown';

export function callOutcome(outgoing: boolean, result: unknown): CallOutcome {
  if (result === CallResult.answered) return 'answered';
  if (result === CallResult.missed) return outgoing ? 'not-answered' : 'missed';
  return 'unknown';
}

export const OUTCOME_LABEL: Readonly<Record<Exclude<CallOutcome, 'unknown'>, TextKey>> = {
  answered: 'answered',
  missed: 'missed',
  'not-answered': 'notAnswered',
};
