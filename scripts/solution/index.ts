export { packSolution, REPO_ROOT, type PackOptions, type PackedSolution } from './pack-solution';
export { validateSolution } from './validate-solution';
export { composePackage } from './compose-package';
export { readSolutionSource } from './read-solution-source';
export {
  collectWebResources,
  referencedWebResourceNames,
  placeholderWebResource,
  webResourceZipPath,
  WebResourceTypeByExtension,
  type WebResourceFile,
} from './web-resources';
export { stableGuid, stableGuidBraced, SOLUTION_GUID_NAMESPACE } from './stable-guid';
export { readPacConfig, parsePacConfig, PacConfigError, type PacConfig } from './pac-config';
export { zipDeterministic } from './deterministic-zip';
export {
  SolutionValidationError,
  formatIssue,
  type ValidationIssue,
  type ValidationReport,
  type FalseAlarm,
} from './validation-issue';
export { KNOWN_FALSE_ALARMS } from './known-false-alarms';
export { validateCustomizationsXml, type XsdResult } from './xsd-validation';
