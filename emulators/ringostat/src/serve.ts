import { generateCallLog } from './fake-call-log';
import { sampleCallLog, sampleStaff } from './fixtures';
import { startRingostatEmulator } from './start-ringostat-emulator';

/**
 * `npm run emulator:ringostat`: serves the Ringostat API emulator on RINGOSTAT_EMULATOR_PORT (5556),
 * accepting RINGOSTAT_AUTH_KEY (default "emulator-key") for RINGOSTAT_PROJECT_ID (default 11111), with
 * RINGOSTAT_EMULATOR_CALLS (default 200) invented calls over the last 7 days, plus the public sample calls
 * and employees of ../fixtures.
 */
async function main(): Promise<void> {
  const authKey = process.env.RINGOSTAT_AUTH_KEY || 'emulator-key';
  const projectId = process.env.RINGOSTAT_PROJECT_ID || '11111';
  const timeZone = process.env.RINGOSTAT_TIMEZONE || 'Europe/Kyiv';
  const count = Number(process.env.RINGOSTAT_EMULATOR_CALLS ?? 200);
  const started = await startRingostatEmulator({
    port: Number(process.env.RINGOSTAT_EMULATOR_PORT ?? 5556),
    host: process.env.HOST || '127.0.0.1',
    authKey,
    projectId,
    timeZone,
  });
  const to = new Date();
  const from = new Date(to.getTime() - 7 * 86_400_000);
  started.emulator.seedCalls([...sampleCallLog(), ...generateCallLog({ count, from, to, timeZone })]);
  started.emulator.seedStaff(sampleStaff());
  console.log(
    `Ringostat emulator on ${started.url} (Auth-key "${authKey}", project ${projectId}, ${count} calls)`,
  );
  const stop = () => void started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
