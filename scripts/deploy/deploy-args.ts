import { parseArgs } from 'node:util';
import type { PacConfig } from '../solution';

export interface DeployArgs {
  url: string;
  envName?: string;
  /** A zip to import; when absent the solution is packed in memory. */
  file?: string;
  managed: boolean;
  version?: string;
  /** --values file (JSON object), merged with --set flags (flags win). */
  valuesFile?: string;
  set: Record<string, string>;
  overwrite: boolean;
}

/** The command line is wrong: the admin must fix it; retrying will not help. */
export class DeployUsageError extends Error {
  override readonly name = 'DeployUsageError';
}

export const USAGE = `npm run deploy -- --env <name> | --url <https://org.crm4.dynamics.com>
  [--file dist/RingostatIntegration_1_0_0_0_managed.zip | --managed] [--version 1.0.1.0]
  [--values values.json] [--set ringo_ReceiverUrl=https://…]… [--overwrite]`;

export function parseDeployArgs(argv: string[], config: PacConfig, prefix: string): DeployArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        url: { type: 'string' },
        file: { type: 'string' },
        managed: { type: 'boolean', default: false },
        version: { type: 'string' },
        values: { type: 'string' },
        set: { type: 'string', multiple: true, default: [] },
        overwrite: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    throw new DeployUsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const envName = parsed.env;
  const url = environmentUrl(config, { env: envName, url: parsed.url }, USAGE);
  const set: Record<string, string> = {};
  for (const pair of parsed.set) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    if (eq <= 0 || !name.startsWith(`${prefix}_`))
      throw new DeployUsageError(
        `--set ${pair}: expected ${prefix}_Name=value (an environment variable of this solution)`,
      );
    set[name] = pair.slice(eq + 1);
  }
  return {
    url,
    ...(envName ? { envName } : {}),
    ...(parsed.file ? { file: parsed.file } : {}),
    managed: parsed.managed,
    ...(parsed.version ? { version: parsed.version } : {}),
    ...(parsed.values ? { valuesFile: parsed.values } : {}),
    set,
    overwrite: parsed.overwrite,
  };
}

/**
 * The environment a command talks to: `--url`, or `--env <name>` looked up in pac.config.json
 * `environments` (deploy and verify-org share this and the credentials in the environment).
 */
export function environmentUrl(
  config: PacConfig,
  given: { env?: string | undefined; url?: string | undefined },
  usage: string,
): string {
  const url = given.url ?? (given.env ? config.environments[given.env]?.url : undefined);
  if (!url)
    throw new DeployUsageError(
      given.env
        ? `pac.config.json has no environments.${given.env}.url (known: ${Object.keys(config.environments).join(', ') || 'none'})`
        : `give --env <name> or --url <environment url>\n${usage}`,
    );
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new DeployUsageError(`"${url}" is not an environment URL like https://org.crm4.dynamics.com`);
  return url;
}

/** Reads a --values JSON file: an object of environment variable schema name → string value. */
export function parseValuesJson(text: string, file: string, prefix: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DeployUsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new DeployUsageError(`${file} must be a JSON object like {"${prefix}_ReceiverUrl": "https://…"}`);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith(`${prefix}_`))
      throw new DeployUsageError(
        `${file}: "${k}" is not an environment variable of this solution (${prefix}_…)`,
      );
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new DeployUsageError(`${file}: the value of "${k}" must be a string, number or boolean`);
    values[k] = String(v);
  }
  return values;
}
