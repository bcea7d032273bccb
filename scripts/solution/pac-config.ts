import { readFile } from 'node:fs/promises';

/** The part of pac.config.json the packer and the deploy command read. */
export interface PacConfig {
  solution: { uniqueName: string; displayName: string; version: string; description: string };
  publisher: { uniqueName: string; displayName: string; prefix: string; optionValuePrefix: number };
  environments: Record<string, { url: string }>;
}

/** pac.config.json is missing a field or has the wrong type: the file must be fixed, a retry will not help. */
export class PacConfigError extends Error {
  override readonly name = 'PacConfigError';
}

const VERSION = /^\d+\.\d+\.\d+\.\d+$/;

export async function readPacConfig(file: string): Promise<PacConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new PacConfigError(`${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  return parsePacConfig(raw, file);
}

export function parsePacConfig(raw: unknown, file = 'pac.config.json'): PacConfig {
  const problems: string[] = [];
  const obj = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const str = (o: Record<string, unknown>, key: string, where: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v.length === 0) problems.push(`${where}.${key} must be a non-empty string`);
    return typeof v === 'string' ? v : '';
  };
  const root = obj(raw);
  const s = obj(root['solution']);
  const p = obj(root['publisher']);
  const solution = {
    uniqueName: str(s, 'uniqueName', 'solution'),
    displayName: str(s, 'displayName', 'solution'),
    version: str(s, 'version', 'solution'),
    description: str(s, 'description', 'solution'),
  };
  if (solution.version && !VERSION.test(solution.version))
    problems.push(
      `solution.version must look like 1.0.0.0 (major.minor.build.revision), got "${solution.version}"`,
    );
  const optionValuePrefix = p['optionValuePrefix'];
  if (typeof optionValuePrefix !== 'number' || !Number.isInteger(optionValuePrefix))
    problems.push('publisher.optionValuePrefix must be an integer (10000–99999)');
  const publisher = {
    uniqueName: str(p, 'uniqueName', 'publisher'),
    displayName: str(p, 'displayName', 'publisher'),
    prefix: str(p, 'prefix', 'publisher'),
    optionValuePrefix: typeof optionValuePrefix === 'number' ? optionValuePrefix : 0,
  };
  const environments: Record<string, { url: string }> = {};
  for (const [name, env] of Object.entries(obj(root['environments']))) {
    const url = obj(env)['url'];
    if (typeof url === 'string' && url.length > 0) environments[name] = { url };
    else problems.push(`environments.${name}.url must be a non-empty string`);
  }
  if (problems.length > 0) throw new PacConfigError(`${file}: ${problems.join('; ')}`);
  return { solution, publisher, environments };
}
