import { coerceError, isTransientStatus, RingostatApiError } from './ringostat-api-error';

/**
 * Downloads the .vtt file the "Call processed by AI" event links to. The link comes from a webhook, so it
 * is fetched only from Ringostat's own hosts over https (an allow-list, not a block-list: a webhook must
 * never make the receiver call an address inside its network), with a size cap and a timeout. Like
 * recordings, the link carries its own `?token=` (notes/ringostat.md §2.5); no Auth-key is sent.
 *
 * Transient failures (5xx, 408, 429, timeouts, network) throw a retryable RingostatApiError, so the event
 * is retried; a permanent one (404, 403 for an expired token, not a WebVTT file, too large, a host not
 * allowed) is an answer: the analysis is written without the transcript and says why.
 */

export type TranscriptResult = { ok: true; text: string } | { ok: false; reason: string };

export interface TranscriptFetchOptions {
  /** Extra origins allowed besides https://*.ringostat.com / *.ringostat.net (the emulator in tests). */
  extraOrigins?: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;

export function isAllowedTranscriptUrl(link: string, extraOrigins: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (extraOrigins.includes(url.origin)) return true;
  return url.protocol === 'https:' && /(^|\.)ringostat\.(com|net)$/i.test(url.hostname) && url.port === '';
}

export function createTranscriptFetcher(options: TranscriptFetchOptions = {}) {
  const maxBytes = options.maxBytes ?? MAX_TRANSCRIPT_BYTES;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;

  return async function fetchTranscript(link: string): Promise<TranscriptResult> {
    if (!isAllowedTranscriptUrl(link, options.extraOrigins)) {
      return { ok: false, reason: 'the link is not an https address on a Ringostat host; it was not opened' };
    }
    let response: Response;
    try {
      response = await doFetch(link, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const e = coerceError(error);
      // A DOMException from another realm (jest's) is not an Error: its name survives only in the text.
      const timedOut = e.name === 'TimeoutError' || /^TimeoutError\b/.test(e.message);
      const what = timedOut ? `no answer within ${timeoutMs} ms` : e.message;
      throw new RingostatApiError(
        'unavailable',
        'transcript',
        `the AI transcript could not be fetched: ${what}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (isTransientStatus(response.status)) {
        throw new RingostatApiError(
          'unavailable',
          'transcript',
          `the AI transcript link answered HTTP ${response.status}`,
          response.status,
        );
      }
      return { ok: false, reason: `the link answered HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      return { ok: false, reason: `the file is larger than ${maxBytes} bytes` };
    }
    const bytes = await readCapped(response, maxBytes);
    if (!bytes) return { ok: false, reason: `the file is larger than ${maxBytes} bytes` };
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    if (!text.startsWith('WEBVTT')) return { ok: false, reason: 'the file is not a WebVTT transcript' };
    return { ok: true, text };
  };
}

/** The body, or undefined once it passes `max` bytes (the rest is not read). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
