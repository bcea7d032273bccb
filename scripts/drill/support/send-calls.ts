import { webhookBody, type DrillCall } from './call-bodies';
import { forEachLimited, type HttpClient } from './http-client';

/**
 * Plays calls at the receiver like Ringostat does: the events of one call in order, calls in parallel,
 * and any answer but 200 re-sent after a pause (Ringostat retries failed deliveries; an admin re-sends
 * the rest), up to `maxAttempts` per event.
 */
export interface SendReport {
  events: number;
  accepted: number;
  /** Events that never got a 200: lost at the intake. */
  undelivered: number;
  resends: number;
}

export async function sendCalls(
  client: HttpClient,
  calls: readonly DrillCall[],
  options: {
    token: string;
    concurrency: number;
    maxAttempts?: number;
    retryDelayMs?: number;
    onEvent?: () => void;
  },
): Promise<SendReport> {
  const report: SendReport = { events: 0, accepted: 0, undelivered: 0, resends: 0 };
  const maxAttempts = options.maxAttempts ?? 200;
  await forEachLimited(calls, options.concurrency, async (call) => {
    for (const event of call.events) {
      report.events++;
      const body = webhookBody(call, event);
      let delivered = false;
      for (let attempt = 1; attempt <= maxAttempts && !delivered; attempt++) {
        if (attempt > 1) {
          report.resends++;
          await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 100));
        }
        const response = await client.send({
          method: 'POST',
          path: `/ringostat/${event}?token=${options.token}`,
          headers: { 'content-type': 'application/json' },
          body,
        });
        delivered = response.status === 200;
      }
      if (delivered) report.accepted++;
      else report.undelivered++;
      options.onEvent?.();
    }
  });
  return report;
}
