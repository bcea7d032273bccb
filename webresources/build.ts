import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Bundles the web resources into dist/, where each file's path IS its web-resource name
 * (dist/ringo_/js/player.js → "ringo_/js/player.js"); the solution packer registers every file there.
 * HTML pages reference scripts and styles by relative path, as web resources resolve in Dynamics.
 * No source maps: the packer would ship them as web resources too.
 */
const SRC = join(__dirname, 'src');
export const DEFAULT_OUT_DIR = join(__dirname, 'dist');

interface ScriptEntry {
  readonly source: string;
  readonly name: string;
  /** Global the form designer registers handlers under (form scripts only). */
  readonly globalName?: string;
}

export const SCRIPTS: readonly ScriptEntry[] = [
  { source: 'player/player-page.ts', name: 'ringo_/js/player.js' },
  { source: 'call-log/call-log-page.ts', name: 'ringo_/js/call_log.js' },
  { source: 'settings/settings-page.ts', name: 'ringo_/js/settings.js' },
  {
    source: 'phonecall-form/phonecall-form.ts',
    name: 'ringo_/js/phonecall_form.js',
    globalName: 'Ringo.PhoneCallForm',
  },
  { source: 'commands/commands.ts', name: 'ringo_/js/commands.js', globalName: 'Ringo.Commands' },
];

export const PAGES = [
  { source: 'player/player.html', name: 'ringo_/html/player.html' },
  { source: 'call-log/call_log.html', name: 'ringo_/html/call_log.html' },
  { source: 'settings/settings.html', name: 'ringo_/html/settings.html' },
] as const;

/** One stylesheet for every page (one request, cached once), written as one source file per area. */
export const STYLES = [
  {
    sources: ['shared/ringo.css', 'call-log/call-log.css', 'settings/settings.css'],
    name: 'ringo_/css/ringo.css',
  },
] as const;

export interface BuildOptions {
  readonly outDir?: string;
  readonly minify?: boolean;
}

/** Builds every web resource; returns their names (paths relative to outDir, forward slashes). */
export async function buildWebResources(options: BuildOptions = {}): Promise<string[]> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const minify = options.minify ?? true;
  rmSync(outDir, { recursive: true, force: true });
  const written: string[] = [];
  const write = (name: string, contents: string | Uint8Array): void => {
    const file = join(outDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
    written.push(relative(outDir, file).split('\\').join('/'));
  };
  for (const entry of SCRIPTS) {
    const result = await build({
      entryPoints: [join(SRC, entry.source)],
      bundle: true,
      format: 'iife',
      ...(entry.globalName ? { globalName: entry.globalName } : {}),
      target: 'es2020',
      platform: 'browser',
      minify,
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error(`esbuild wrote nothing for ${entry.source}`);
    write(entry.name, output.contents);
  }
  for (const page of PAGES) write(page.name, readFileSync(join(SRC, page.source), 'utf8'));
  for (const style of STYLES) {
    const source = style.sources.map((file) => readFileSync(join(SRC, file), 'utf8')).join('\n');
    const css = await transform(source, { loader: 'css', minify });
    write(style.name, css.code);
  }
  return written.sort();
}

if (require.main === module) {
  buildWebResources().then(
    (names) =>
      console.log(
        `web resources built in ${relative(process.cwd(), DEFAULT_OUT_DIR)}:\n  ${names.join('\n  ')}`,
      ),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
