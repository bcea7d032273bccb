/**
 * npm run verify-org -- --env <name> | --url <https://org.crm4.dynamics.com> [--dry-run]
 * Before Ringostat is pointed at an org: runs every request shape the receiver sends (docs/dataverse-
 * requests.md) through the receiver's own code on a test contact and test phone calls, deletes them, and
 * prints one line per check and a verdict. Credentials as for deploy: AZURE_TENANT_ID / AZURE_CLIENT_ID /
 * AZURE_CLIENT_SECRET, or DATAVERSE_TOKEN. `--dry-run` prints the requests without sending any.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTokenProvider, DeployUsageError, environmentUrl } from './deploy/index';
import { readPacConfig, REPO_ROOT } from './solution';
import { startDryRun } from './verify-org/dry-run';
import { verifyOrg } from './verify-org/run-verify';

const USAGE = 'npm run verify-org -- --env <name> | --url <https://org.crm4.dynamics.com> [--dry-run]';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: {
        env: { type: 'string' },
        url: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    throw new DeployUsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const config = await readPacConfig(join(REPO_ROOT, 'pac.config.json'));
  const url = environmentUrl(config, { env: args.env, url: args.url }, USAGE);
  const print = (line: string) => console.log(line);
  if (args['dry-run']) {
    print(`Dry run: nothing is sent to ${url}; each request is composed by the receiver's code and printed.`);
    const dryRun = await startDryRun(url);
    try {
      await verifyOrg({ url, getToken: async () => 'dry-run', print, afterStep: () => dryRun.flush(print) });
    } finally {
      dryRun.close();
    }
    return;
  }
  const report = await verifyOrg({ url, getToken: createTokenProvider(url, process.env), print });
  if (!report.ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  const err = e as Error;
  console.error(`verify-org failed: ${err.name === 'Error' ? (err.stack ?? err.message) : err.message}`);
  process.exitCode = 2;
});
