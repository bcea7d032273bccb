// Prints the one closing line CI reads: `tests: N passed, N failed`.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    // scripts/test-all.sh prints the line itself, after jest's own summary.
    if (process.env.RINGO_SUMMARY_LINE === 'off') return;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
