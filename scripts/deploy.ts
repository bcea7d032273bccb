/**
 * npm run deploy -- --env <name> [--managed] [--values values.json] [--set ringo_ReceiverUrl=https://…]
 * Packs (or reads --file) the solution and imports it into a Dataverse environment through the Web API.
 * Credentials: AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, or DATAVERSE_TOKEN.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTokenProvider, deploySolution, parseDeployArgs, parseValuesJson } from './deploy/index';
import { packSolution, readPacConfig, REPO_ROOT } from './solution';

async function main(): Promise<void> {
  const config = await readPacConfig(join(REPO_ROOT, 'pac.config.json'));
  const prefix = config.publisher.prefix;
  const args = parseDeployArgs(process.argv.slice(2), config, prefix);
  const values = {
    ...(args.valuesFile
      ? parseValuesJson(await readFile(args.valuesFile, 'utf8'), args.valuesFile, prefix)
      : {}),
    ...args.set,
  };
  if (!values[`${prefix}_DefaultOwnerId`])
    console.log(
      `Note: no ${prefix}_DefaultOwnerId given. Unless the environment already has a value, set it (--set ${prefix}_DefaultOwnerId=<systemuserid>): the receiver cannot create contacts without it.`,
    );
  let zip: Uint8Array;
  if (args.file) {
    zip = await readFile(args.file);
    console.log(`Using ${args.file}`);
  } else {
    const packed = await packSolution({
      managed: args.managed,
      ...(args.version ? { version: args.version } : {}),
    });
    zip = packed.zip;
    console.log(`Packed ${packed.fileName} (${packed.webResources.length} web resources)`);
  }
  await deploySolution({
    url: args.url,
    getToken: createTokenProvider(args.url, process.env),
    zip,
    values,
    overwriteUnmanagedCustomizations: args.overwrite,
    log: (line) => console.log(line),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

main().catch((e: unknown) => {
  const err = e as Error;
  console.error(`Deploy failed: ${err.name === 'Error' ? (err.stack ?? err.message) : err.message}`);
  process.exitCode = 1;
});
