// Prints vitest's JSON results as the plain line CI reads, and fails on skips:
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
const passed = results.numPassedTests;
const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
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
