import { authDrill } from './auth';
import { badInputDrill } from './bad-input';
import { crashDrill } from './crash';
import { faultSoakDrill } from './fault-soak';
import { forwardingDrill } from './forwarding';
import { outageDrill } from './outage';
import type { Drill, DrillSize } from './drill-types';
import { writeDrillSection } from './report';

/**
 * `npm run drill`: every drill at full size, each writing its section of docs/reliability.md.
 * `npm run drill -- --ci` runs the short sizes; names pick drills (`npm run drill -- crash outage`).
 * Exits 1 when any drill failed.
 */
export const DRILLS: Drill[] = [
  faultSoakDrill,
  crashDrill,
  outageDrill,
  badInputDrill,
  authDrill,
  forwardingDrill,
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const size: DrillSize = args.includes('--ci') ? 'ci' : 'full';
  const only = args.filter((a) => !a.startsWith('--'));
  const unknown = only.filter((name) => !DRILLS.some((d) => d.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown drill ${unknown.join(', ')}; known: ${DRILLS.map((d) => d.name).join(', ')}`);
    process.exit(2);
  }
  let failed = 0;
  for (const drill of DRILLS) {
    if (only.length > 0 && !only.includes(drill.name)) continue;
    console.log(`== drill: ${drill.name} (${size})`);
    const result = await drill.run(size, (message) => console.log(`   ${message}`));
    writeDrillSection(result);
    for (const c of result.checks) console.log(`   ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`);
    console.log(`   ${result.passed ? 'PASS' : 'FAIL'} in ${(result.durationMs / 1000).toFixed(1)} s`);
    if (!result.passed) failed++;
  }
  if (failed > 0) {
    console.error(`${failed} drill(s) failed; see docs/reliability.md`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
