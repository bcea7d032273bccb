import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { buildWebResources } from '../../webresources/build';
import { launchChromium } from '../preview/chromium';
import { seedDemoCalls } from '../preview/demo-calls';
import { createPreviewServer } from '../preview/preview-server';
import { machineLine, writeSection } from './report';

/**
 * Web resources: gzip size of what each page downloads (its HTML, script and the shared stylesheet)
 * against the budgets, and the call log's render time for 500 calls in Chromium (from the Web API
 * answer to the rows built and laid out, measured by the page itself as `ringo:call-log:render`), both
 * as the wide table (1,280 px) and as the cards a phone shows (390 px).
 */
const BUDGETS_KB = { player: 20, call_log: 40 } as const;
const RENDER_BUDGET_MS = 150;
const RUNS = 7;

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function sizes(outDir: string) {
  const gz = (name: string) => gzipSync(readFileSync(join(outDir, name)), { level: 9 }).length;
  const css = gz('ringo_/css/ringo.css');
  const page = (name: string, script: string) => ({
    name,
    script: gz(script),
    total: gz(`ringo_/html/${name}.html`) + gz(script) + css,
  });
  return [
    page('player', 'ringo_/js/player.js'),
    page('call_log', 'ringo_/js/call_log.js'),
    page('settings', 'ringo_/js/settings.js'),
    {
      name: 'phonecall_form (form script)',
      script: gz('ringo_/js/phonecall_form.js'),
      total: gz('ringo_/js/phonecall_form.js'),
    },
  ];
}

const WIDTHS = [1280, 390] as const;

async function renderTimes(width: number): Promise<{ times: number[]; builds: number[] }> {
  const dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const preview = await createPreviewServer({ dataverseUrl: dataverse.url });
  seedDemoCalls(dataverse.emulator, {
    recordingBaseUrl: `${preview.url}/preview/recordings`,
    extraCalls: 495,
    hostileNames: false,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const times: number[] = [];
    const builds: number[] = [];
    for (let run = 0; run <= RUNS; run += 1) {
      await page.goto(`${preview.url}/webresources/ringo_/html/call_log.html?pageSize=500`);
      await page.waitForFunction(() => document.querySelectorAll('[data-callid]').length === 500);
      const [ms = NaN, build = NaN] = await page.evaluate(() => [
        performance.getEntriesByName('ringo:call-log:render')[0]?.duration ?? NaN,
        performance.getEntriesByName('ringo:call-log:build')[0]?.duration ?? NaN,
      ]);
      if (run === 0) continue; // the first load warms the browser's caches
      times.push(ms);
      builds.push(build);
    }
    return { times, builds };
  } finally {
    await browser.close();
    await preview.close();
    await dataverse.close();
  }
}

export async function run(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'ringo-bench-wr-'));
  try {
    await buildWebResources({ outDir });
    const measured = sizes(outDir);
    const load = loadavg()[0] ?? 0;
    const renders = [];
    for (const width of WIDTHS) {
      const measured = await renderTimes(width);
      const times = measured.times.sort((a, b) => a - b);
      const builds = measured.builds.sort((a, b) => a - b);
      renders.push({
        width,
        median: times[Math.floor(times.length / 2)] ?? NaN,
        buildMedian: builds[Math.floor(builds.length / 2)] ?? NaN,
        worst: times[times.length - 1] ?? NaN,
      });
    }
    const lines = [
      '## Web resources (`npm run bench webresources`)',
      '',
      machineLine(),
      'Sizes: gzip -9 of the minified esbuild output; a page counts its HTML, its script and `ringo_/css/ringo.css`.',
      `Render: the call log opened on 500 calls (one page, \`?pageSize=500\`) in Debian's Chromium at ${WIDTHS.join(' and ')} px (table and cards), ${RUNS} loads after a warm-up each; the page measures from the Web API answer to the rows built and laid out. One-minute load average when the run started: ${load.toFixed(1)} (a shared machine: a high load inflates the times).`,
      '',
      '| web resource | script gzip (KB) | page total gzip (KB) |',
      '|---|---:|---:|',
      ...measured.map((m) => `| ${m.name} | ${kb(m.script)} | ${kb(m.total)} |`),
      '',
      '| target | measured | result |',
      '|---|---|---|',
    ];
    for (const [name, budget] of Object.entries(BUDGETS_KB)) {
      const total = measured.find((m) => m.name === name)?.total ?? Infinity;
      lines.push(
        `| ${name} ≤ ${budget} KB gzip | ${kb(total)} KB | ${total <= budget * 1024 ? 'PASS' : 'FAIL'} |`,
      );
    }
    for (const r of renders)
      lines.push(
        `| call log renders 500 calls ≤ ${RENDER_BUDGET_MS} ms (median, ${r.width} px) | median ${r.median.toFixed(1)} ms (of which DOM build ${r.buildMedian.toFixed(1)} ms), worst ${r.worst.toFixed(1)} ms | ${r.median <= RENDER_BUDGET_MS ? 'PASS' : 'FAIL'} |`,
      );
    writeSection('webresources', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
