import { isCallAi } from '../ringostat/inbox-payload';
import type { Clock } from '../clock';
import type { Inbox, InboxEntry } from '../inbox/inbox';
import type { Followups } from './followups';
import type { ForwardingStore } from './forwarding-store';
import { observeExtension } from './observe-extension';

/**
 * Reads the webhooks the inbox accepted since the last look (newest first through `Inbox.list`, the admin
 * API's own read) and keeps what they say about extensions (observe-extension.ts) and about redirects
 * (followups.ts). Runs on a timer, off the answer path; the cursor is kept in the forwarding store, and a
 * first look reads at most `firstLook` entries.
 */
export interface InboxLearnerOptions {
  inbox: Pick<Inbox, 'list'>;
  store: Pick<ForwardingStore, 'observe' | 'state' | 'setState'>;
  followups: Pick<Followups, 'check'>;
  clock: Clock;
  intervalMs?: number;
  firstLook?: number;
}

/** Rows per read: one page parses in a few milliseconds, and the event loop gets a turn between pages. */
const PAGE = 200;

export function createInboxLearner(options: InboxLearnerOptions) {
  const { inbox, store } = options;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<number> | undefined;

  async function unseen(cursor: number, limit: number): Promise<InboxEntry[]> {
    const fresh: InboxEntry[] = [];
    let beforeId: number | undefined;
    for (;;) {
      const page = inbox.list({ limit: PAGE, ...(beforeId !== undefined ? { beforeId } : {}) });
      for (const entry of page) {
        if (entry.id <= cursor || fresh.length >= limit) return fresh;
        fresh.push(entry);
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) return fresh;
      beforeId = last.id;
      // Answers to Ringostat must not wait behind a long read of the inbox.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Reads what arrived since the last look; returns how many extensions changed. */
  async function look(): Promise<number> {
    const cursor = Number(store.state('scanCursor') ?? 0);
    const limit = cursor === 0 ? (options.firstLook ?? 20_000) : Number.MAX_SAFE_INTEGER;
    const entries = await unseen(cursor, limit);
    if (entries.length === 0) return 0;
    const now = options.clock.now();
    const observations = [];
    for (const entry of entries.reverse()) {
      // Only call webhooks say who answered; the AI event of a call carries no employee.
      if (isCallAi(entry.payload)) continue;
      options.followups.check(entry.payload, now);
      const seen = observeExtension(entry.payload);
      if (seen) observations.push(seen);
    }
    const changed = store.observe(observations);
    store.setState('scanCursor', String(entries.at(-1)?.id ?? cursor));
    return changed;
  }

  /** One look at a time: a timer tick during a long look shares it. */
  const lookOnce = (): Promise<number> =>
    (looking ??= look().finally(() => {
      looking = undefined;
    }));

  return {
    lookOnce,
    start(onError: (error: unknown) => void): void {
      const run = () => void lookOnce().catch(onError);
      run();
      timer ??= setInterval(run, options.intervalMs ?? 15_000);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await looking?.catch(() => undefined);
    },
  };
}
