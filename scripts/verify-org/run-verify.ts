import { createRequestLimiter } from '../../webhook-receiver/src/dataverse/request-limiter';
import type { GetToken } from '../../webhook-receiver/src/dataverse/token-provider';
import { createWebApiClient } from '../../webhook-receiver/src/dataverse/web-api-client';
import { describeFailure } from './describe-failure';
import { testCalls } from './test-calls';
import type { VerifyContext } from './verify-context';
import { AI_AND_STAFF_STEPS } from './ai-and-staff-steps';
import { CLEANUP_STEP, VERIFY_STEPS, type Step } from './verify-steps';

/**
 * Runs the verify-org steps against one org and prints one line per step — PASS, WARN, SKIP or FAIL with
 * Dataverse's status, code and message — then a verdict. A failed step does not stop the run: the steps
 * after it that need what it would have made are skipped, and the clean-up always runs.
 */
export const LINE_LEVELS = ['PASS', 'WARN', 'SKIP', 'FAIL'] as const;
export type LineLevel = (typeof LINE_LEVELS)[number];

export interface VerifyLine {
  level: LineLevel;
  step: string;
  shapes: string;
  detail: string;
}

export interface VerifyOptions {
  url: string;
  getToken: GetToken;
  print: (line: string) => void;
  fetch?: typeof fetch;
  runId?: string;
  /** Picks the test numbers (Math.random by default; fixed for the generated request document). */
  random?: () => number;
  /** Called after each step, e.g. to print the requests a dry run recorded. */
  afterStep?: (step: Step) => void;
  steps?: readonly Step[];
}

export interface VerifyReport {
  ok: boolean;
  lines: VerifyLine[];
}

export async function verifyOrg(options: VerifyOptions): Promise<VerifyReport> {
  const limiter = createRequestLimiter({ maxConcurrent: 4 });
  const ctx: VerifyContext = {
    url: options.url.replace(/\/+$/, ''),
    getToken: options.getToken,
    client: createWebApiClient({ url: options.url, getToken: options.getToken, limiter }),
    limiter,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    calls: testCalls(
      options.runId ?? new Date().toISOString().replace(/\D/g, '').slice(0, 14),
      options.random ?? Math.random,
    ),
    state: { contactIds: [], phonecallIds: [] },
  };
  options.print(
    `verify-org: ${ctx.url} — test calls verify-org-${ctx.calls.runId}-*, test number +${ctx.calls.client}`,
  );
  const lines: VerifyLine[] = [];
  for (const step of [...(options.steps ?? [...VERIFY_STEPS, ...AI_AND_STAFF_STEPS]), CLEANUP_STEP]) {
    const line = await runStep(step, ctx);
    lines.push(line);
    options.print(formatLine(line));
    options.afterStep?.(step);
  }
  const failed = lines.filter((l) => l.level === 'FAIL');
  const warned = lines.filter((l) => l.level === 'WARN' || l.level === 'SKIP');
  options.print(
    failed.length === 0
      ? `Verdict: PASS — the org accepts every request shape the receiver sends${warned.length ? ` (${warned.length} warning(s) above: the receiver works, with less)` : ''}.`
      : `Verdict: FAIL — ${failed.length} of ${lines.length} checks failed (${failed.map((l) => l.step).join('; ')}). Do not point Ringostat at this org until they pass.`,
  );
  return { ok: failed.length === 0, lines };
}

async function runStep(step: Step, ctx: VerifyContext): Promise<VerifyLine> {
  const line = (level: LineLevel, detail: string): VerifyLine => ({
    level,
    step: step.name,
    shapes: step.shapes,
    detail,
  });
  const skip = step.needs?.(ctx);
  if (skip) return line('SKIP', skip);
  try {
    const result = await step.run(ctx);
    return line(result.level === 'pass' ? 'PASS' : 'WARN', result.note);
  } catch (error) {
    return line('FAIL', describeFailure(error));
  }
}

export function formatLine(line: VerifyLine): string {
  return `${line.level.padEnd(4)}  ${line.step} — ${line.shapes}\n      ${line.detail}`;
}
