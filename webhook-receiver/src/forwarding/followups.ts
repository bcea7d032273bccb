import type { RingostatEvent } from '../ringostat/ringostat-event';

/**
 * Did Ringostat follow our answer? (docs/adr/0130, "detecting a wrong guess"). When a redirect names the
 * call (`uniqueid` in the forwarding request), the call's after-call webhook later says who answered:
 * the manager we named (`reached`), someone else (`answered_by_other`: our answer was probably not
 * understood, or the manager did not pick up and the scheme went on), or nobody (`missed`). A share of
 * `reached` near zero means the answer format or the learned extensions are wrong.
 */
export const FOLLOWUP_RESULTS = ['reached', 'answered_by_other', 'missed'] as const;
export type FollowupResult = (typeof FOLLOWUP_RESULTS)[number];

const MAX_PENDING = 10_000;
const KEEP_MS = 2 * 3_600_000;

export function createFollowups(onResult: (result: FollowupResult) => void) {
  const pending = new Map<string, { staffId: string; at: number }>();
  const counts: Record<FollowupResult, number> = { reached: 0, answered_by_other: 0, missed: 0 };

  return {
    /** A redirect to the employee `staffId` was answered for call `callId`. */
    expect(callId: string, staffId: string, now: Date): void {
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value as string);
      pending.set(callId, { staffId, at: now.getTime() });
    },
    /** Looks at an after-call webhook; counts the result when it is the follow-up of a redirect. */
    check(event: RingostatEvent, now: Date): FollowupResult | undefined {
      for (const [id, entry] of pending) {
        if (now.getTime() - entry.at <= KEEP_MS) break;
        pending.delete(id);
      }
      if (event.event !== 'after-call') return undefined;
      const expected = pending.get(event.callId);
      if (!expected) return undefined;
      pending.delete(event.callId);
      const result: FollowupResult =
        (event.billsec ?? 0) <= 0
          ? 'missed'
          : event.employeeNumber === expected.staffId
            ? 'reached'
            : 'answered_by_other';
      counts[result]++;
      onResult(result);
      return result;
    },
    counts: () => ({ ...counts, waiting: pending.size }),
  };
}

export type Followups = ReturnType<typeof createFollowups>;
