import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, WEBHOOK_TOKEN } from './drill/support/drill-env';

/**
 * `npm run check-logs -- <file or folder>… [--secret <value>]…`: searches receiver logs for secrets and
 * unmasked phone numbers, and exits 1 when it finds any (docs/security.md, "Checking the logs").
 *
 * Secrets: the values given with --secret, the ones in this environment (RINGOSTAT_WEBHOOK_TOKEN, ADMIN_TOKEN,
 * DATAVERSE_TOKEN, AZURE_CLIENT_SECRET, RINGOSTAT_AUTH_KEY…) and the drills' fixed tokens, as written or
 * percent-encoded. Phone numbers: Ukrainian numbers (`380…`, `0…`) and any `+` number of 11–15 digits,
 * also written with spaces, dashes or brackets. The search is deliberately independent of the product's
 * own mask (webhook-receiver/src/domain/mask-phone.ts), so it can catch that mask's mistakes; it ignores
 * the fields that are never phone numbers (time, pid, GUIDs).
 */
export interface Leak {
  file: string;
  line: number;
  kind: 'secret' | 'phone';
  found: string;
}

const SECRET_VARIABLES = [
  'RINGOSTAT_WEBHOOK_TOKEN',
  'RINGOSTAT_WEBHOOK_TOKEN_PREVIOUS',
  'ADMIN_TOKEN',
  'DATAVERSE_TOKEN',
  'AZURE_CLIENT_SECRET',
  'RINGOSTAT_AUTH_KEY',
];
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A fraction's digits (`.0357067955`) are not a number of their own, hence no `.` before. */
const PHONE = /(?<![\d*.])(?:\+?380\d{9}|0\d{9}|\+\d{11,15})(?![\d*])/g;
const NEVER_PHONES = ['time', 'pid', 'hostname', 'ms', 'elapsed'];

export function findLeaks(file: string, text: string, secrets: readonly string[]): Leak[] {
  const forms = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s)]))];
  const leaks: Leak[] = [];
  text.split('\n').forEach((content, i) => {
    for (const form of forms)
      if (content.includes(form)) leaks.push({ file, line: i + 1, kind: 'secret', found: '<secret>' });
    for (const found of phonesIn(content)) leaks.push({ file, line: i + 1, kind: 'phone', found });
  });
  return leaks;
}

function phonesIn(line: string): string[] {
  let text = line;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    for (const key of NEVER_PHONES) delete record[key];
    text = JSON.stringify(record);
  } catch {
    // not a JSON line (start-up text): searched as it is
  }
  const joined = text
    .replace(GUID, '<guid>')
    .replace(/%2B(?=\d)/gi, '+')
    .replace(/(?<=\d)(?:[ ()+-]|%20|%28|%29|%2B)+(?=\d)/gi, '');
  return [...joined.matchAll(PHONE)].map((m) => m[0]);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function main(): void {
  const args = process.argv.slice(2);
  const secrets = [WEBHOOK_TOKEN, ADMIN_TOKEN, ...SECRET_VARIABLES.map((name) => process.env[name] ?? '')];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--secret') secrets.push(args[++i] ?? '');
    else paths.push(args[i] ?? '');
  }
  if (paths.length === 0) {
    console.error('Usage: npm run check-logs -- <log file or folder>… [--secret <value>]…');
    process.exit(2);
  }
  const files = paths.flatMap(filesUnder);
  const leaks = files.flatMap((file) => findLeaks(file, readFileSync(file, 'utf8'), secrets));
  const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0);
  for (const leak of leaks.slice(0, 50)) console.log(`${leak.file}:${leak.line}: ${leak.kind} ${leak.found}`);
  console.log(`${files.length} files, ${lines} lines: ${leaks.length} leaks`);
  if (leaks.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
