/**
 * `npm run bench`: every benchmark in turn; each writes its own section of docs/performance.md.
 * Adding one is one line: a module under scripts/bench/ that exports `run(): Promise<void>`.
 */
const BENCHMARKS: Array<[name: string, load: () => Promise<{ run(): Promise<void> }>]> = [
  ['intake', () => import('./intake')],
  ['pipeline', () => import('./pipeline')],
  ['webresources', () => import('./webresources')],
  ['dataverse-emulator', () => import('./dataverse-emulator')],
  ['directory', () => import('./directory')],
  ['forwarding', () => import('./forwarding')],
  ['backlog', () => import('./backlog')],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [name, load] of BENCHMARKS) {
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`== bench: ${name}`);
    await (await load()).run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
