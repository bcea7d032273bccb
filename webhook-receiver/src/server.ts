import pino from 'pino';
import { ConfigError, InboxDamagedError } from './errors';
import { loadConfig, withDemoAdminToken, withDemoToken, type Config } from './config';
import { flushLogs, resolveLogFormat } from './log-destination';
import { redactUrl } from './logger';
import { startupLanguage, type StartupLanguage } from './startup/startup-language';
import { STARTUP_TEXT } from './startup/startup-text';
import { startReceiver, type ExtendReceiver, type RunningReceiver } from './start-receiver';
import { processingExtension } from './worker/processing-extension';

/**
 * The receiver process (`npm run serve`, and `npm start` through scripts/dev.ts): configuration checked
 * once at boot, listen, and a graceful close on SIGTERM/SIGINT — stop accepting, finish in-flight
 * requests, close the database, exit 0. A configuration problem exits 1 before anything listens.
 */

export interface RunServerOptions {
  env?: Record<string, string | undefined>;
  /** Command-line arguments (default process.argv.slice(2)): `--lang uk|en`. */
  argv?: readonly string[];
  /** Adds the emulator, worker, admin API… (see start-receiver.ts). */
  extend?: ExtendReceiver;
  /** Extra lines printed under the webhook URLs, in the start-up language. */
  notes?: (receiver: RunningReceiver, language: StartupLanguage) => string[];
}

/** How long a graceful close may take before the process gives up and exits 1. */
const CLOSE_TIMEOUT_MS = 15_000;

export async function runServer(options: RunServerOptions = {}): Promise<RunningReceiver | undefined> {
  const env = options.env ?? process.env;
  let receiver: RunningReceiver;
  let language: StartupLanguage;
  try {
    language = startupLanguage(options.argv ?? process.argv.slice(2), env);
    let config: Config = loadConfig(env);
    // Demo mode works out of the box: webhook and admin tokens are generated once and kept in DATA_DIR.
    if (config.demo) config = withDemoAdminToken(withDemoToken(config));
    receiver = await startReceiver(config, options.extend);
  } catch (error) {
    if (error instanceof InboxDamagedError) console.error(error.message);
    else if (error instanceof ConfigError)
      console.error(`${error.message}\nThe receiver did not start. Fix the environment and start it again.`);
    else throw error;
    process.exitCode = 1;
    return undefined;
  }
  printStartup(receiver, banner(receiver, options.notes?.(receiver, language) ?? [], language));
  closeOnSignals(receiver);
  return receiver;
}

/**
 * On a terminal the start-up text is printed as it is. Otherwise stdout carries JSON lines only
 * (log-destination.ts), so the same text becomes one record, `msg` its first line and `startup` all of
 * them, logged whatever LOG_LEVEL says: it is how an operator finds the URLs in a journal.
 *
 * Outside demo mode the record goes through the receiver's logger, which masks phone numbers and
 * replaces every secret (the webhook token stays out of the journal, as it does out of every log line).
 * In demo mode the text is instructions for the person trying the product: its generated tokens and its
 * sample numbers (fictional, from scripts/demo) must stay usable when pasted, so the record is written
 * by a plain pino logger with the same fields.
 */
function printStartup(receiver: RunningReceiver, text: string): void {
  if (resolveLogFormat(receiver.config.logFormat, process.stdout.isTTY === true) === 'pretty') {
    console.log(text);
    return;
  }
  const demo = receiver.config.demo;
  const lines = text.split('\n').map((line) => (demo ? line : redactUrl(line)));
  const logger = demo ? pino({ base: { service: 'ringostat-receiver' } }) : receiver.logger;
  logger
    .child({ component: 'startup' }, { level: 'info' })
    .info({ url: receiver.url, demo, startup: lines }, lines[0]);
}

export function banner(receiver: RunningReceiver, notes: string[], language: StartupLanguage = 'en'): string {
  const { config, url } = receiver;
  const text = STARTUP_TEXT[language];
  const mode = config.demo ? text.demoMode : text.writingTo(config.dataverse?.url ?? 'Dataverse');
  // Outside demo mode the token is not printed: start-up output ends up in journals and CI logs that
  // more people read than may send calls (docs/adr/0085). `npm run webhook-urls` prints them on request.
  const shown = config.demo ? receiver.webhookUrls : maskedUrls(receiver.webhookUrls);
  return [
    text.listening(url, mode),
    '',
    text.webhookHeading,
    `  ${text.beforeCall} ${shown['before-call']}`,
    `  ${text.afterCall} ${shown['after-call']}`,
    `  ${text.afterOutgoingCall} ${shown['after-outgoing-call']}`,
    `  ${text.callAi} ${shown['call-ai']}  ${text.optional}`,
    ...(config.demo ? [] : [`  ${text.tokenHidden}`]),
    '',
    text.endpoints(url),
    ...(config.demo && config.adminToken ? [text.demoAdminToken(config.adminToken)] : []),
    ...notes,
  ].join('\n');
}

function maskedUrls<T extends Record<string, string>>(urls: T): T {
  return Object.fromEntries(
    Object.entries(urls).map(([event, url]) => [event, url.replace(/([?&]token=)[^&]*/, '$1••••••')]),
  ) as T;
}

function closeOnSignals(receiver: RunningReceiver): void {
  const shutdown = (signal: NodeJS.Signals) => {
    receiver.logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    // The last lines reach the console before the process ends (log-destination.ts `flushLogs`).
    const exit = (code: number) => void flushLogs(receiver.logger).then(() => process.exit(code));
    setTimeout(() => {
      receiver.logger.error('graceful close took too long; exiting');
      exit(1);
    }, CLOSE_TIMEOUT_MS).unref();
    receiver.close().then(
      () => exit(0),
      (error: unknown) => {
        receiver.logger.error({ err: error }, 'close failed');
        exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  // With DATAVERSE_URL set, calls are processed into Dataverse; the admin API is there either way.
  runServer({ extend: (core) => processingExtension(core, core.config.dataverse) }).catch(
    (error: unknown) => {
      console.error('The receiver failed to start:', error);
      process.exit(1);
    },
  );
}
