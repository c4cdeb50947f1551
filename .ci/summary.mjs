// Prints vitest's JSON results (plus the checks .ci/run counted itself) as the plain line CI reads, and fails on skips:
// in CI every real-server test must run.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log('0 passed, 1 failed');
  console.error(`ci: no test results in ${file}: ${error.message}`);
  process.exit(1);
}
// Checks run outside vitest (the soak, the quick benchmark), counted by .ci/run.
const extraPassed = Number(process.argv[3] ?? 0);
const extraFailed = Number(process.argv[4] ?? 0);
const passed = results.numPassedTests + extraPassed;
const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0) + extraFailed;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (skipped > 0) {
  for (const suite of results.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        console.error(`ci: skipped in CI: ${test.fullName}`);
      }
    }
  }
}
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
