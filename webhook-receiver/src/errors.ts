/**
 * The receiver's error classes. Each says whose fault it is and whether retrying can help, so callers
 * decide without parsing messages. Expected branches (a duplicate webhook, an invalid payload) are return
 * values, not errors.
 */

export type Fault = 'operator' | 'caller' | 'receiver';

export abstract class ReceiverError extends Error {
  abstract readonly fault: Fault;
  abstract readonly retryable: boolean;
}

/** Bad configuration at boot. The operator fixes the environment; restarting unchanged will not help. */
export class ConfigError extends ReceiverError {
  readonly fault = 'operator';
  readonly retryable = false;
  constructor(readonly problems: string[]) {
    super(`The receiver's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The inbox was asked for something it does not hold (an unknown id). A caller bug: do not retry. */
export class InboxError extends ReceiverError {
  readonly fault = 'caller';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'InboxError';
  }
}

/**
 * The inbox file fails SQLite's integrity check (or is not a database at all). Restarting will not help:
 * the operator moves the file aside and restores a backup (docs/security.md, "A damaged inbox").
 */
export class InboxDamagedError extends ReceiverError {
  readonly fault = 'operator';
  readonly retryable = false;
  constructor(
    readonly file: string,
    readonly findings: string[],
  ) {
    super(
      `The inbox ${file} is damaged (SQLite quick_check: ${findings.join('; ').replace(/\s*\n\s*/g, '; ')}). ` +
        'The receiver did not start, so nothing more is written to it. Move the file (with its -wal and -shm ' +
        'files) aside, restore the latest backup or start with an empty inbox, then start the receiver again; ' +
        'calls Ringostat could not deliver meanwhile are retried by Ringostat or fetched by the reconciliation.',
    );
    this.name = 'InboxDamagedError';
  }
}

/**
 * A request the receiver answers with a 4xx. `code` is the JSON `error` value of the response; Fastify's
 * error handler reads `statusCode`.
 */
export class HttpError extends ReceiverError {
  readonly fault = 'caller';
  readonly retryable = false;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Every `catch` starts here: whatever was thrown becomes an Error with a message. An error from another
 * realm (a DOMException such as fetch's TimeoutError under jest's VM) is not `instanceof Error` but
 * names itself through `String()`; a plain object is written as JSON.
 */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const text = String(thrown);
  if (text !== '[object Object]') return new Error(text);
  try {
    return new Error(JSON.stringify(thrown));
  } catch {
    return new Error(text);
  }
}
