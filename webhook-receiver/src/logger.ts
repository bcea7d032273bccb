import pino from 'pino';
import { logDestination, type LogFormat } from './log-destination';

/**
 * JSON logs to stdout (pino). Secrets never reach a log line: the webhook token lives in the URL, so
 * request URLs are logged only after `redactUrl`, and credential-bearing fields are redacted by path.
 */
export type Logger = pino.Logger;

export function createLogger(options: {
  level: string;
  destination?: pino.DestinationStream;
  /** Without a destination: pretty on a terminal, JSON lines otherwise (log-destination.ts). */
  format?: LogFormat;
}): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'ringostat-receiver' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*.token', '*.clientSecret', '*.accessToken'],
        censor: '[redacted]',
      },
    },
    options.destination ?? logDestination(options.format ?? 'json'),
  );
}

/** `/ringostat/after-call?token=abc&x=1` → `/ringostat/after-call?token=[redacted]&x=1`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}
