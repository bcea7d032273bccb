import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { composePackage } from './compose-package';
import { compareEntryNames, zipDeterministic } from './deterministic-zip';
import { readPacConfig } from './pac-config';
import { readSolutionSource } from './read-solution-source';
import { validateSolution } from './validate-solution';
import { SolutionValidationError, type FalseAlarm, type ValidationReport } from './validation-issue';
import { collectWebResources, placeholderWebResource, referencedWebResourceNames } from './web-resources';
import { textOf } from './xml-text';

/** Repository root (scripts/solution/ → ../..). */
export const REPO_ROOT = join(__dirname, '..', '..');

export interface PackOptions {
  managed: boolean;
  /** Overrides pac.config.json solution.version (four-part, e.g. 1.0.3.0). */
  version?: string;
  /** The web-resource build output; default webresources/dist. Missing folder ⇒ no web resources. */
  webresourcesDir?: string;
  /** Solution source in zip layout; default solution/. */
  sourceDir?: string;
  /** Default pac.config.json at the repository root. */
  configFile?: string;
  /**
   * Put placeholder files in for web resources the forms name but the web-resource build has not produced
   * (the build has not run). Only for packages used for their metadata, e.g. by the Dataverse emulator;
   * default false: such a package is refused.
   */
  placeholderWebResources?: boolean;
}

export interface PackedSolution {
  zip: Uint8Array;
  /** Zip entry names, in zip order. */
  entries: string[];
  /** e.g. RingostatIntegration_1_0_0_0.zip or RingostatIntegration_1_0_0_0_managed.zip */
  fileName: string;
  version: string;
  /** Web resource names packed (empty when the web-resource build has not run). */
  webResources: string[];
  /** Web resources packed as placeholders (only with `placeholderWebResources`). */
  placeholders: string[];
  /** Schema messages allowed as known false alarms, with their reasons. */
  falseAlarms: FalseAlarm[];
}

/**
 * Validation reports by digest of the composed files and config. Schema validation is the slow part of a
 * pack (a libxml2 worker per run); the emulator and tests pack the same source many times in one process,
 * and the same bytes always give the same report.
 */
const reports = new Map<string, Promise<ValidationReport>>();

function digest(files: ReadonlyMap<string, Uint8Array>, config: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(config));
  for (const [path, bytes] of files) hash.update(`\u0000${path}\u0000${bytes.length}\u0000`).update(bytes);
  return hash.digest('hex');
}

/**
 * Builds the solution zip from solution/ + the web-resource build, validating it first; throws
 * SolutionValidationError (listing file:line: problem) instead of packing an invalid package.
 * Same input ⇒ byte-identical zip on any machine and time zone. No console output, no process exit.
 */
export async function packSolution(options: PackOptions): Promise<PackedSolution> {
  const config = await readPacConfig(options.configFile ?? join(REPO_ROOT, 'pac.config.json'));
  const version = options.version ?? config.solution.version;
  const [source, built] = await Promise.all([
    readSolutionSource(options.sourceDir ?? join(REPO_ROOT, 'solution')),
    collectWebResources(options.webresourcesDir ?? join(REPO_ROOT, 'webresources', 'dist')),
  ]);
  const placeholders = options.placeholderWebResources
    ? referencedWebResourceNames(
        textOf(source.get('customizations.xml') ?? new Uint8Array()),
        config.publisher.prefix,
      )
        .filter((name) => !built.some((w) => w.name === name))
        .map(placeholderWebResource)
    : [];
  const webResources = [...built, ...placeholders].sort((a, b) => compareEntryNames(a.name, b.name));
  const files = composePackage({ source, webResources, version, managed: options.managed });
  const key = digest(files, config);
  let pending = reports.get(key);
  if (!pending) {
    pending = validateSolution(files, config);
    if (reports.size >= 32) reports.clear(); // bounded: a process packs only a handful of distinct sources
    reports.set(key, pending);
    pending.catch(() => reports.delete(key));
  }
  const report = await pending;
  if (!report.ok) throw new SolutionValidationError(report.issues);
  const fileName = `${config.solution.uniqueName}_${version.replace(/\./g, '_')}${options.managed ? '_managed' : ''}.zip`;
  return {
    zip: zipDeterministic(files),
    entries: [...files.keys()],
    fileName,
    version,
    webResources: webResources.map((w) => w.name),
    placeholders: placeholders.map((w) => w.name),
    falseAlarms: report.falseAlarms,
  };
}
