import type {
  AcceptInput,
  Inbox,
  InboxEntry,
  InboxStats,
  InboxStatus,
  RejectedEntry,
  RejectInput,
} from '../../../webhook-receiver/src/inbox/inbox';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';

/** A hand-written in-memory Inbox with the SQLite inbox's semantics (claim order, leases, attempts). */
export class MemoryInbox implements Inbox {
  readonly entries = new Map<number, InboxEntry>();
  readonly rejected: RejectedEntry[] = [];
  private nextId = 1;

  accept(input: AcceptInput) {
    const existing = [...this.entries.values()].find(
      (e) => e.event === input.payload.event && e.callId === input.payload.callId,
    );
    if (existing) return { id: existing.id, duplicate: true };
    const id = this.nextId++;
    this.entries.set(id, {
      id,
      event: input.payload.event,
      callId: input.payload.callId,
      status: 'pending',
      payload: input.payload,
      raw: input.raw,
      receivedAt: input.receivedAt,
      attempts: 0,
      runAt: input.receivedAt,
      updatedAt: input.receivedAt,
    });
    return { id, duplicate: false };
  }

  findEvent(event: string, callId: string) {
    return [...this.entries.values()].find((e) => e.event === event && e.callId === callId);
  }

  /** Test shortcut: accept a parsed event received at `at`. */
  add(payload: RingostatEvent, at = new Date(0)): number {
    return this.accept({ payload, raw: { method: 'POST', url: '/', headers: {}, body: '' }, receivedAt: at })
      .id;
  }

  reject(input: RejectInput): number {
    const id = this.rejected.length + 1;
    this.rejected.push({ ...input, id });
    return id;
  }

  claim({ limit, now, leaseMs }: { limit: number; now: Date; leaseMs: number }): InboxEntry[] {
    const due = [...this.entries.values()]
      .filter(
        (e) =>
          (e.status === 'pending' && e.runAt <= now) ||
          (e.status === 'processing' && e.lockedUntil !== undefined && e.lockedUntil <= now),
      )
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id)
      .slice(0, limit);
    for (const e of due) {
      e.status = 'processing';
      e.attempts += 1;
      e.lockedUntil = new Date(now.getTime() + leaseMs);
      e.updatedAt = now;
    }
    return due.map((e) => ({ ...e }));
  }

  extendLease(id: number, { now, leaseMs }: { now: Date; leaseMs: number }): void {
    const e = this.must(id);
    if (e.status === 'processing') e.lockedUntil = new Date(now.getTime() + leaseMs);
  }

  complete(id: number, { now, outcome }: { now: Date; outcome: string }): void {
    this.update(id, { status: 'done', outcome, updatedAt: now });
  }

  retryLater(id: number, { now, runAt, error }: { now: Date; runAt: Date; error: string }): void {
    this.update(id, { status: 'pending', runAt, lastError: error, updatedAt: now });
  }

  deadLetter(id: number, { now, error }: { now: Date; error: string }): void {
    this.update(id, { status: 'dead', lastError: error, updatedAt: now });
  }

  requeue(id: number, now: Date): boolean {
    const e = this.entries.get(id);
    if (!e || e.status !== 'dead') return false;
    this.update(id, { status: 'pending', runAt: now, attempts: 0, updatedAt: now });
    return true;
  }

  get(id: number): InboxEntry | undefined {
    const e = this.entries.get(id);
    return e && { ...e };
  }

  list({ status, limit = 50, beforeId }: { status?: InboxStatus; limit?: number; beforeId?: number }) {
    return [...this.entries.values()]
      .filter(
        (e) => (status === undefined || e.status === status) && (beforeId === undefined || e.id < beforeId),
      )
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map((e) => ({ ...e }));
  }

  listRejected({ limit = 50, beforeId }: { limit?: number; beforeId?: number }): RejectedEntry[] {
    return this.rejected
      .filter((r) => beforeId === undefined || r.id < beforeId)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit);
  }

  stats(): InboxStats {
    const count = (s: InboxStatus) => [...this.entries.values()].filter((e) => e.status === s).length;
    return {
      pending: count('pending'),
      processing: count('processing'),
      done: count('done'),
      dead: count('dead'),
      rejected: this.rejected.length,
      oldestPendingAgeSeconds: null,
    };
  }

  purgeDone(): number {
    return 0;
  }

  purgeRejected(): number {
    return 0;
  }

  close(): void {}

  private must(id: number): InboxEntry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`no inbox entry ${id}`);
    return e;
  }

  private update(id: number, change: Partial<InboxEntry>): void {
    const e = this.must(id);
    Object.assign(e, change);
    if (e.status !== 'processing') delete e.lockedUntil;
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current = new Date('2026-03-02T12:00:00Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Waits (without asserting on time) until `condition` holds; fails after `tries` event-loop turns. */
export async function eventually(condition: () => boolean, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never became true');
}
