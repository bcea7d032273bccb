import { ConfigError } from './errors';
import { loadConfig, withDemoToken, type Config } from './config';
import { startReceiver, type ExtendReceiver, type RunningReceiver } from './start-receiver';
import { processingExtension } from './worker/processing-extension';

/**
 * The receiver process (`npm run serve`, and `npm start` through scripts/dev.ts): configuration checked
 * once at boot, listen, and a graceful close on SIGTERM/SIGINT — stop accepting, finish in-flight
 * requests, close the database, exit 0. A configuration problem exits 1 before anything listens.
 */

export interface RunServerOptions {
  env?: Record<string, string | undefined>;
  /** Adds the emulator, worker, admin API… (see start-receiver.ts). */
  extend?: ExtendReceiver;
  /** Extra lines printed under the webhook URLs. */
  notes?: (receiver: RunningReceiver) => string[];
}

/** How long a graceful close may take before the process gives up and exits 1. */
const CLOSE_TIMEOUT_MS = 15_000;

export async function runServer(options: RunServerOptions = {}): Promise<RunningReceiver | undefined> {
  let receiver: RunningReceiver;
  try {
    let config: Config = loadConfig(options.env ?? process.env);
    if (config.demo) config = withDemoToken(config);
    receiver = await startReceiver(config, options.extend);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nThe receiver did not start. Fix the environment and start it again.`);
    process.exitCode = 1;
    return undefined;
  }
  console.log(banner(receiver, options.notes?.(receiver) ?? []));
  closeOnSignals(receiver);
  return receiver;
}

export function banner(receiver: RunningReceiver, notes: string[]): string {
  const { config, url, webhookUrls } = receiver;
  const mode = config.demo
    ? 'demo mode (no DATAVERSE_URL set)'
    : `writing to ${config.dataverse?.url ?? 'Dataverse'}`;
  return [
    `Ringostat receiver listening on ${url} — ${mode}`,
    '',
    'Webhook URLs for Ringostat → Integration → Webhooks 2.0 (method GET or POST; see docs/webhook-parameters.md):',
    `  Incoming call, before call:  ${webhookUrls['before-call']}`,
    `  Incoming call, after call:   ${webhookUrls['after-call']}`,
    `  Outgoing call, after call:   ${webhookUrls['after-outgoing-call']}`,
    `  Call processed by AI:        ${webhookUrls['call-ai']}  (optional)`,
    '',
    `Health: ${url}/healthz   Readiness: ${url}/readyz   Metrics: ${url}/metrics`,
    ...notes,
  ].join('\n');
}

function closeOnSignals(receiver: RunningReceiver): void {
  const shutdown = (signal: NodeJS.Signals) => {
    receiver.logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    setTimeout(() => {
      receiver.logger.error('graceful close took too long; exiting');
      process.exit(1);
    }, CLOSE_TIMEOUT_MS).unref();
    receiver.close().then(
      () => process.exit(0),
      (error: unknown) => {
        receiver.logger.error({ err: error }, 'close failed');
        process.exit(1);
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
