import { seedDemoOrg } from '../../../scripts/demo/seed';
import { simulate } from '../../../scripts/simulate';
import { contactsWith, phoneCallsOf, startCallStack, WEBHOOK_TOKEN, type CallStack } from './call-stack';

// Starting the emulator (and the receiver) takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('npm run simulate against a running receiver', () => {
  let stack: CallStack;
  beforeAll(async () => {
    stack = await startCallStack();
    seedDemoOrg(stack.org.emulator);
  });
  afterAll(() => stack.close());

  it('plays the day (retries and out-of-order deliveries included) and every call lands exactly once', async () => {
    const lines: string[] = [];
    let seed = 7;
    const landed = await simulate({
      receiverUrl: stack.url,
      token: WEBHOOK_TOKEN,
      emulatorUrl: stack.org.url,
      day: '2026-03-02',
      runId: 'test',
      random: () => (seed = (seed * 16807) % 2147483647) / 2147483647,
      out: (line) => lines.push(line),
    });

    expect(landed).toHaveLength(11);
    for (const call of landed) expect(phoneCallsOf(stack.org, call.callId)).toHaveLength(1);
    expect(lines.some((line) => /Ringostat retry.*200 duplicate of #\d+/.test(line))).toBe(true);
    expect(landed.filter((call) => call.state === 'open').map((call) => call.label)).toEqual([
      'incoming missed, known client',
      'incoming missed, new client',
    ]);
    // Known clients were matched in whatever format their number was stored, never duplicated.
    expect(landed.find((c) => c.label === 'incoming answered, known client')?.contact).toBe('Тарас Мельник');
    expect(contactsWith(stack.org, '+380671112233')).toHaveLength(1);
    expect(landed.find((c) => c.label === 'number shared by two contacts')?.contact).toBe('Петро Гнатюк');
  });
});
