/** One thing wrong with the solution package, pointing at the file (zip path) and line when known. */
export interface ValidationIssue {
  file: string;
  line?: number;
  message: string;
}

export interface FalseAlarm extends ValidationIssue {
  reason: string;
}

export interface ValidationReport {
  ok: boolean;
  issues: ValidationIssue[];
  /** Schema messages known to be wrong for modern Dataverse, each with the reason it is allowed. */
  falseAlarms: FalseAlarm[];
}

export function issue(file: string, message: string, line?: number): ValidationIssue {
  return line === undefined ? { file, message } : { file, line, message };
}

export function formatIssue(i: ValidationIssue): string {
  return `${i.file}${i.line !== undefined ? `:${i.line}` : ''}: ${i.message}`;
}

/**
 * The package is not valid. The defect is in solution/ (or in the web-resource build); packing again
 * will not help until the listed files are fixed. Zip paths map 1:1 to solution/ paths, except
 * WebResources/… (from webresources/dist) and [Content_Types].xml (generated).
 */
export class SolutionValidationError extends Error {
  override readonly name = 'SolutionValidationError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(
      `The solution package is invalid — ${issues.length} problem(s) in the source; fix them and pack again:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
  }
}
