/**
 * The webhook addresses the admin pastes into Ringostat → Integration → Webhooks 2.0 (seed set-up
 * steps). Ringostat can only authenticate by a static query parameter, so the token rides in `?token=`
 * (ringostat-webhooks.md, "Facts"). The token lives in the receiver's RINGOSTAT_WEBHOOK_TOKEN, not in
 * Dataverse (docs/adr/0050-webhook-token-stays-out-of-dataverse.md): without one we show a placeholder.
 */
export const WEBHOOK_EVENTS = [
  { event: 'before-call', label: 'beforeCall' },
  { event: 'after-call', label: 'afterCall' },
  { event: 'after-outgoing-call', label: 'afterOutgoingCall' },
  // Ringostat's "Call processed by AI" event (help article 9281387): summary, moods, transcript.
  { event: 'call-ai', label: 'callAi' },
] as const;

export const TOKEN_PLACEHOLDER = '<RINGOSTAT_WEBHOOK_TOKEN>';

export interface WebhookUrl {
  readonly event: (typeof WEBHOOK_EVENTS)[number]['event'];
  readonly label: (typeof WEBHOOK_EVENTS)[number]['label'];
  readonly url: string;
}

/** Receiver base URL without trailing slashes; null when it is not an http(s) URL. */
export function receiverBase(receiverUrl: string | null | undefined): string | null {
  const text = receiverUrl?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export function buildWebhookUrls(
  receiverUrl: string | null | undefined,
  token: string | null | undefined,
): WebhookUrl[] {
  const base = receiverBase(receiverUrl);
  if (!base) return [];
  const secret = token?.trim() ? encodeURIComponent(token.trim()) : TOKEN_PLACEHOLDER;
  return WEBHOOK_EVENTS.map(({ event, label }) => ({
    event,
    label,
    url: `${base}/ringostat/${event}?token=${secret}`,
  }));
}
