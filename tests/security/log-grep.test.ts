import { findLeaks } from '../../scripts/check-logs';
import { seedDemoOrg } from '../../scripts/demo/seed';
import {
  ADMIN_TOKEN,
  createDrillEnv,
  WEBHOOK_TOKEN,
  type DrillEnv,
} from '../../scripts/drill/support/drill-env';
import { startReceiverProcess, type ReceiverProcess } from '../../scripts/drill/support/receiver-process';
import { simulate } from '../../scripts/simulate';

/**
 * The logs of a real run at LOG_LEVEL=debug carry no secret and no unmasked phone number
 * (docs/adr/0084): the receiver process (`npm run serve`) against the Dataverse emulator, `npm run
 * simulate`'s day of calls through it, plus requests made to trip the logging — a token in the body and
 * under an encoded key, rejected webhooks, unknown paths and admin calls with numbers in them. The search
 * (scripts/check-logs.ts) is independent of the product's mask.
 */
jest.setTimeout(120_000);

let env: DrillEnv;
let receiver: ReceiverProcess;
let output = '';
beforeAll(async () => {
  env = await createDrillEnv('log-grep');
  seedDemoOrg(env.emulator);
  receiver = await startReceiverProcess({ ...env.receiverEnv, LOG_LEVEL: 'debug' });
  let seed = 11;
  await simulate({
    receiverUrl: receiver.url,
    token: WEBHOOK_TOKEN,
    emulatorUrl: env.emulatorUrl,
    day: '2026-03-02',
    runId: 'logs',
    random: () => (seed = (seed * 16807) % 2147483647) / 2147483647,
    out: () => undefined,
  });
  await trickyRequests(receiver.url);
  await receiver.stop();
  output = receiver.output();
});
afterAll(() => env.cleanup());

async function trickyRequests(base: string): Promise<void> {
  const hook = `${base}/ringostat/after-call`;
  const json = { 'content-type': 'application/json' };
  await fetch(
    `${hook}?tok%65n=${WEBHOOK_TOKEN}&uniqueid=log-1&calldate=2026-03-02%2010:00:00&caller=0501112233`,
  );
  await fetch(`${hook}?token=${WEBHOOK_TOKEN}`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ uniqueid: 'log-2', caller: '+380 (50) 111-22-44', token: WEBHOOK_TOKEN }),
  });
  await fetch(`${hook}?token=${WEBHOOK_TOKEN}&access_token=${WEBHOOK_TOKEN}&caller=380501112255`);
  await fetch(`${hook}?token=wrong&caller=380501112266`);
  await fetch(`${base}/ringostat/380501112277?token=${WEBHOOK_TOKEN}`);
  await fetch(`${base}/admin/events?phone=380501112288`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  await fetch(`${base}/admin/events`, { headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` } });
}

test('the run logged at debug level, with numbers masked (the check below is not vacuous)', () => {
  expect(output).toContain('"level":20');
  expect(output).toContain('webhook accepted');
  expect(output).toMatch(/380\*{5}\d{4}/);
  expect(output.split('\n').length).toBeGreaterThan(50);
});

test('no secret and no unmasked phone number in any line', () => {
  const leaks = findLeaks('receiver', output, [WEBHOOK_TOKEN, ADMIN_TOKEN, 'drill-dataverse-token']);
  const lines = output.split('\n');
  expect(leaks.map((leak) => `${leak.kind} ${leak.found}: ${lines[leak.line - 1]?.slice(0, 300)}`)).toEqual(
    [],
  );
});
