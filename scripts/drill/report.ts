import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine } from '../bench/report';
import type { DrillResult } from './drill-types';

/**
 * docs/reliability.md: one section per drill, replaced each time that drill runs, so running one drill
 * keeps the others' last results. Each section names the machine, date, size and duration.
 */
export const RELIABILITY_REPORT = join(__dirname, '..', '..', 'docs', 'reliability.md');

const HEADER = `# Reliability

Does the receiver ever lose or duplicate a call? Each drill below answers that by counting what landed in
Dataverse (the emulator's phone calls grouped by \`ringo_callid\`, contacts grouped by number) and what the
inbox holds, against what was sent. How and why: docs/adr/0070-drills-prove-exactly-once.md.

Written by \`npm run drill\` (scripts/drill/); each section is replaced when its drill runs again
(\`npm run drill -- crash\` runs one). \`npm run drill -- --ci\` runs the short sizes; the same short
versions run in CI as tests/integration/drill-*.test.ts. A drill passes only when every check passes.

What the drills found and what changed because of them:
- Outage: after-call events completed before their before-call (jittered retries reordered them). Fixed
  by claiming a call's events in arrival order (docs/adr/0071-events-of-one-call-claimed-in-arrival-order.md).
- Fault soak under jest: a connection reset raised by Node's core was not recognised as a network
  failure inside jest's VM context and dead-lettered events; \`toDataverseError\` now recognises native
  errors from any realm (webhook-receiver/src/dataverse/dataverse-error.ts).
`;

export function renderDrill(result: DrillResult, now = new Date()): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const parameters = Object.entries(result.parameters)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return [
    `## ${result.title} — ${result.passed ? 'PASS' : 'FAIL'}`,
    '',
    machineLine(now),
    `Size: ${result.size} (${parameters}). Duration: ${seconds} s.`,
    '',
    '| check | measured | result |',
    '|---|---|---|',
    ...result.checks.map((c) => `| ${c.name} | ${escape(c.detail)} | ${c.passed ? 'pass' : 'FAIL'} |`),
    ...(result.notes.length > 0 ? ['', ...result.notes.map((n) => `- ${escape(n)}`)] : []),
  ].join('\n');
}

export function writeDrillSection(result: DrillResult, file = RELIABILITY_REPORT, now = new Date()): void {
  const begin = `<!-- drill:${result.name} -->`;
  const end = `<!-- /drill:${result.name} -->`;
  const block = `${begin}\n${renderDrill(result, now)}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? current.slice(0, start) + block + current.slice(stop + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
