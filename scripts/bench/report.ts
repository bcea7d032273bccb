import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const REPORT = join(__dirname, '..', '..', 'docs', 'performance.md');
const HEADER =
  '# Performance\n\nWritten by `npm run bench`; each section is replaced by the benchmark that owns it.\n';

/** One line naming the machine and date, for the top of each section. */
export function machineLine(now = new Date()): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `Measured ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpu}, ${gib} GiB, Node ${process.version}.`;
}

/** Replaces (or appends) the section `name` of docs/performance.md. */
export function writeSection(name: string, markdown: string, file = REPORT): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? current.slice(0, start) + block + current.slice(stop + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
