import type { CallAiEvent } from './call-ai-event';
import type { RingostatEvent, WebhookEventName } from './ringostat-event';

/**
 * What the inbox holds: a call webhook (before-call, after-call, after-outgoing-call) or the "Call
 * processed by AI" event of a call. Both carry `event` and `callId`, so the inbox dedupes and orders
 * them alike; `event` tells them apart.
 */
export type InboxEventName = WebhookEventName | CallAiEvent['event'];
export type InboxPayload = RingostatEvent | CallAiEvent;

export function isCallAi(payload: InboxPayload): payload is CallAiEvent {
  return payload.event === 'call-ai';
}
