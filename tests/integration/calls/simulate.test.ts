import { seedDemoOrg } from '../../../scripts/demo/seed';
import { createServer } from 'node:net';
import { dayOfCalls } from '../../../scripts/demo/day-of-calls';
import { NothingAnswers, simulate, todayIn } from '../../../scripts/simulate';
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
    // Deliveries are numbered 1…20 without a gap, and the times are named as the project time zone's.
    const numbered = lines.map((line) => /^ +(\d+) {2}\d\d:\d\d {2}/.exec(line)?.[1]).filter(Boolean);
    expect(numbered).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(lines[1]).toMatch(/^Times are Europe\/Kyiv \(RINGOSTAT_TIMEZONE\)/);
    for (const call of landed) expect(phoneCallsOf(stack.org, call.callId)).toHaveLength(1);
    expect(
      lines.some((line) =>
        /^ +13 +12:10 +retried delivery .*Ringostat retry.*200 duplicate of delivery 12, nothing added$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(landed.filter((call) => call.state === 'open').map((call) => call.label)).toEqual([
      'incoming missed, known client',
      'incoming missed, new client',
    ]);
    // Known clients were matched in whatever format their number was stored, never duplicated.
    expect(landed.find((c) => c.label === 'incoming answered, known client')?.contact).toBe('Тарас Мельник');
    expect(contactsWith(stack.org, '+380671112233')).toHaveLength(1);
    expect(landed.find((c) => c.label === 'number shared by two contacts')?.contact).toBe('Петро Гнатюк');
    // The day's last call also gets Ringostat AI's analysis: columns on the call, transcript as a note.
    expect(lines.some((line) => /^ +20 +16:05 .*AI analysis of the call \(json\): 20\d/.test(line))).toBe(
      true,
    );
    const analysed = landed.find((c) => c.label === 'number shared by two contacts')?.callId ?? '';
    await waitFor(() => typeof phoneCallsOf(stack.org, analysed)[0]?.ringo_aisummary === 'string');
    const [call] = phoneCallsOf(stack.org, analysed);
    expect(call?.ringo_aisummary).toMatch(/corner sofa/);
    const notes = stack.org.emulator
      .rows('annotation')
      .filter((n) => n.filename === `ringostat-${analysed}.vtt`);
    expect(notes).toHaveLength(1);
  });

  it('with no receiver at the URL it says to start the demo with npm start', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const attempt = simulate({
      receiverUrl: `http://127.0.0.1:${port}`,
      token: 't',
      day: '2026-03-02',
      out: () => {},
    });
    await expect(attempt).rejects.toThrow(NothingAnswers);
    await expect(attempt).rejects.toThrow(
      /nothing answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)[^]*`npm start`/,
    );
  });
});

async function waitFor(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the AI analysis to land');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the simulated day', () => {
  it('numbers its call ids in the order of the day', () => {
    const plan = dayOfCalls({ day: '2026-03-02', runId: 'r', random: () => 0.5 });
    expect(plan.map((call) => call.callId)).toEqual(plan.map((_, i) => `sim-r-${i + 1}`));
    const times = plan.map((call) => String(call.deliveries[0]?.params.calldate));
    expect([...times].sort()).toEqual(times);
  });

  it("is today's date in the project time zone, not in UTC", () => {
    // 23:30 UTC on 1 March is already 2 March in Kyiv (UTC+2).
    expect(todayIn('Europe/Kyiv', new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(todayIn('UTC', new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
  });
});
