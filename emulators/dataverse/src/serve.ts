import { loadProductSolution, startEmulatorServer } from './index';

/**
 * `npm run emulator [-- --bare]`: the Dataverse emulator for the demo, browser tests and benchmarks.
 * Env: DATAVERSE_EMULATOR_PORT (5555), HOST (127.0.0.1), DATAVERSE_EMULATOR_LATENCY_MS,
 * DATAVERSE_EMULATOR_FAULT_RATE, DATAVERSE_EMULATOR_MAX_CONCURRENCY, DATAVERSE_EMULATOR_SNAPSHOT,
 * DATAVERSE_EMULATOR_LANGUAGE (1033 English, 1058 Ukrainian error messages).
 */
function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a non-negative number, got '${raw}'.`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const latencyMs = numberFromEnv('DATAVERSE_EMULATOR_LATENCY_MS');
  const faultRate = numberFromEnv('DATAVERSE_EMULATOR_FAULT_RATE');
  const maxConcurrency = numberFromEnv('DATAVERSE_EMULATOR_MAX_CONCURRENCY');
  const snapshotFile = process.env.DATAVERSE_EMULATOR_SNAPSHOT;
  const language = numberFromEnv('DATAVERSE_EMULATOR_LANGUAGE') ?? 1033;
  if (language !== 1033 && language !== 1058) {
    console.error(`DATAVERSE_EMULATOR_LANGUAGE must be 1033 (English) or 1058 (Ukrainian), got ${language}.`);
    process.exit(2);
  }
  const server = await startEmulatorServer({
    port: numberFromEnv('DATAVERSE_EMULATOR_PORT') ?? 5555,
    host: process.env.HOST || '127.0.0.1',
    solution: process.argv.includes('--bare') ? 'none' : 'product',
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(faultRate === undefined ? {} : { faults: { rate: faultRate } }),
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(snapshotFile ? { snapshotFile } : {}),
    language,
  });
  console.log(`Dataverse emulator listening on ${server.url}/api/data/v9.2/ (any non-empty bearer token)`);
  if (!process.argv.includes('--bare')) {
    const product = await loadProductSolution();
    console.log(
      product.source === 'packer'
        ? 'Product solution imported from the packer (scripts/solution).'
        : `Product solution: built-in copy of the contract (packer unavailable: ${product.reason}).`,
    );
  }
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
