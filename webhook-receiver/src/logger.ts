import pino from 'pino';
import { maskPhonesInJson } from './domain/mask-phone';
import { logDestination, type LogFormat } from './log-destination';

/**
 * JSON logs to stdout (pino). Neither a secret nor a phone number reaches a log line, at any level
 * (docs/adr/0084-one-phone-mask-for-every-log-line.md):
 *
 * - every finished line passes `hooks.streamWrite`, which masks phone numbers (one function,
 *   domain/mask-phone.ts) and replaces the receiver's own secrets (webhook tokens, admin token,
 *   Dataverse and Ringostat credentials) wherever they appear, in any field, message or error;
 * - credential-bearing fields are redacted by path, and request URLs are logged after `redactUrl`.
 * https://getpino.io/#/docs/api?id=streamwrite-function
 */
export type Logger = pino.Logger;

export interface LoggerOptions {
  level: string;
  destination?: pino.DestinationStream;
  /** Without a destination: pretty on a terminal, JSON lines otherwise (log-destination.ts). */
  format?: LogFormat;
  /** Values that must never appear in a log line. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  return pino(
    {
      level: options.level,
      base: { service: 'ringostat-receiver' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*.token', '*.clientSecret', '*.accessToken'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (line) => scrub(maskPhonesInJson(line)) },
    },
    options.destination ?? logDestination(options.format ?? 'json'),
  );
}

/** Replaces each secret, as written and percent-encoded, with `[redacted]`. */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = [
    ...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s)])),
  ].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
    return out;
  };
}

/**
 * `/ringostat/after-call?token=abc&x=1` → `/ringostat/after-call?token=[redacted]&x=1`; also when the key
 * is percent-encoded (`tok%65n=`), since Fastify decodes keys before it compares them.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return decodedKey(key) === 'token' ? `${key}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** A query key as a server reads it (`+` is a space, `%65` is `e`); undecodable keys stay as written. */
export function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}
