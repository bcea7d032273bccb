import { maskPhone } from '../domain/mask-phone';
import { maskDestination } from './destination';
import { FORWARDING_KINDS, type ForwardingDecision, type ForwardingKind } from './decide-forwarding';
import type { ForwardingRequest, UnexpectedShape } from './forwarding-request';

/**
 * What GET /admin/forwarding shows of recent traffic: the last answers (caller masked, like every log
 * line) and the last requests whose shape was unexpected — their parameter names only, never values —
 * plus counts by kind since the start. In memory, bounded.
 */
export interface JournalAnswer {
  at: string;
  kind: ForwardingKind;
  format: string;
  caller: string | null;
  contactid: string | null;
  ownerid: string | null;
  destination: string | null;
  ms: number;
}

export interface JournalUnexpected {
  at: string;
  reasons: UnexpectedShape[];
  method: string;
  contentType: string;
  keys: string[];
}

const KEEP_ANSWERS = 100;
const KEEP_UNEXPECTED = 50;

export function createForwardingJournal() {
  const answers: JournalAnswer[] = [];
  const unexpected: JournalUnexpected[] = [];
  const counts = Object.fromEntries(FORWARDING_KINDS.map((k) => [k, 0])) as Record<ForwardingKind, number>;

  const push = <T>(list: T[], item: T, keep: number) => {
    list.push(item);
    if (list.length > keep) list.shift();
  };

  return {
    answered(decision: ForwardingDecision, format: string, seconds: number, at: Date): void {
      counts[decision.kind]++;
      push(
        answers,
        {
          at: at.toISOString(),
          kind: decision.kind,
          format,
          caller: decision.caller ? maskPhone(decision.caller) : null,
          contactid: decision.contactid ?? null,
          ownerid: decision.ownerid ?? null,
          destination: decision.destination ? maskDestination(decision.destination) : null,
          ms: Math.round(seconds * 10_000) / 10,
        },
        KEEP_ANSWERS,
      );
    },
    unexpected(
      request: Pick<ForwardingRequest, 'unexpected' | 'keys'>,
      meta: { method: string; contentType: string },
      at: Date,
    ): void {
      push(
        unexpected,
        {
          at: at.toISOString(),
          reasons: request.unexpected,
          method: meta.method,
          contentType: meta.contentType.slice(0, 100),
          keys: request.keys,
        },
        KEEP_UNEXPECTED,
      );
    },
    view: () => ({
      counts: { ...counts },
      recent: [...answers].reverse(),
      unexpected: [...unexpected].reverse(),
    }),
  };
}

export type ForwardingJournal = ReturnType<typeof createForwardingJournal>;
