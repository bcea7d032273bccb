import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors';

/**
 * Reads a webhook body as raw bytes, whatever its content type, so the exact request can be stored (the
 * inbox keeps it; decoding happens later in decode-params). Over the limit, the first bytes are kept as a
 * preview for the rejected-requests table and the rest is drained, so the client still reads the 413.
 */

export interface RawBody {
  bytes: Buffer;
}

/** Kept from an oversized body: enough to see which call it was. */
const PREVIEW_BYTES = 64 * 1024;

export class BodyTooLargeError extends HttpError {
  constructor(
    readonly limit: number,
    readonly receivedBytes: number,
    readonly preview: string,
  ) {
    super(
      413,
      'payload_too_large',
      `The body is over the receiver's limit of ${limit} bytes; Ringostat webhook bodies are a few kilobytes, ` +
        'so check the webhook parameters (or raise WEBHOOK_BODY_LIMIT_BYTES)',
    );
    this.name = 'BodyTooLargeError';
  }
}

export function readBody(
  payload: IncomingMessage,
  limit: number,
  done: (error: Error | null, body?: RawBody) => void,
): void {
  // No named closures here: this runs per request, and each one would be an allocation (and a name
  // definition under tsx). `finished` guards `done` against a second call.
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;

  payload.on('data', (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += buffer.length;
    if (finished) return; // draining an oversized body
    if (received > limit) {
      const preview = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES).toString('utf8');
      chunks.length = 0;
      finished = true;
      done(new BodyTooLargeError(limit, received, preview));
      return;
    }
    chunks.push(buffer);
  });
  payload.on('end', () => {
    if (finished) return;
    finished = true;
    done(null, { bytes: Buffer.concat(chunks) });
  });
  payload.on('error', (error) => {
    if (finished) return;
    finished = true;
    done(Object.assign(error, { statusCode: 400 }));
  });
}
