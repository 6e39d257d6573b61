// Prints the plain closing line CI reads ("N passed, N failed") after jest's own summary (both on stderr).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = SummaryReporter;
