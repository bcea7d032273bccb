import pino from 'pino';

/**
 * Where log lines go and how they look (docs/adr/0122-console-output.md). On a terminal an operator reads
 * them: pino's own transport runs pino-pretty in a worker thread (so formatting costs the event loop
 * nothing) and prints one coloured line per record. Anywhere else (systemd's journal, Docker, a pipe, a
 * file) they are JSON lines for a log collector. LOG_FORMAT=pretty|json overrides the guess.
 * Redaction and masking happen before either (logger.ts), so both carry the same text.
 */
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `auto` → pretty when stdout is a terminal, JSON otherwise. */
export function resolveLogFormat(format: LogFormat, stdoutIsTty: boolean): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * The destination for pino: undefined (pino's own stdout, JSON) or the pino-pretty transport.
 * Colours follow the terminal, and NO_COLOR (https://no-color.org) turns them off.
 */
export function logDestination(
  format: LogFormat,
  terminal: { isTty: boolean; noColor: boolean } = {
    isTty: process.stdout.isTTY === true,
    noColor: Boolean(process.env.NO_COLOR),
  },
): pino.DestinationStream | undefined {
  if (resolveLogFormat(format, terminal.isTty) === 'json') return undefined;
  return pino.transport({
    target: 'pino-pretty',
    options: {
      destination: 1,
      // The worker thread cannot see that stdout is a terminal, so it is told.
      colorize: terminal.isTty && !terminal.noColor,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      singleLine: true,
    },
  });
}

/**
 * Resolves once every record logged so far is written out. Needed before `process.exit`: the pretty
 * transport writes from its own thread, and exiting first would drop the last lines (the shutdown notice,
 * the reason for a failure). Gives up after `timeoutMs` so a stuck transport cannot hold the exit.
 */
export function flushLogs(logger: pino.Logger, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    logger.flush(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
