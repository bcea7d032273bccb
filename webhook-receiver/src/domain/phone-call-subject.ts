import type { CallEvent } from './call-event';
import type { Language } from './call-settings';

/**
 * The subject an agent reads in the activity list, in the org's ringo_Language. phonecall.subject is
 * 200 characters long (Microsoft Learn, reference/entities/phonecall).
 */
const SUBJECTS: Record<
  Language,
  Record<'in' | 'missed' | 'out' | 'outMissed', (number: string) => string>
> = {
  uk: {
    in: (n) => `Вхідний дзвінок від ${n}`,
    missed: (n) => `Пропущений дзвінок від ${n}`,
    out: (n) => `Вихідний дзвінок на ${n}`,
    outMissed: (n) => `Вихідний дзвінок без відповіді на ${n}`,
  },
  en: {
    in: (n) => `Incoming call from ${n}`,
    missed: (n) => `Missed call from ${n}`,
    out: (n) => `Outgoing call to ${n}`,
    outMissed: (n) => `Unanswered outgoing call to ${n}`,
  },
};

export function phoneCallSubject(call: CallEvent, language: Language): string {
  const number = call.clientNumber ?? call.clientRaw;
  const texts = SUBJECTS[language];
  const text =
    call.direction === 'incoming'
      ? (call.answered ? texts.in : texts.missed)(number)
      : (call.answered ? texts.out : texts.outMissed)(number);
  return text.slice(0, 200);
}
