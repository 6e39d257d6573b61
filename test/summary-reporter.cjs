// Prints the plain closing line CI reads ("N passed, N failed on Node vX") after jest's own summary
// (both on stderr): CI runs the suite on two Nodes, and the line says which one this was.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed on Node ${process.version}\n`);
  }
}
module.exports = SummaryReporter;
