import { defineConfig } from 'vitest/config';

// CI asks for a JSON report too (.ci/run prints its passed/failed count as the closing line).
const jsonReport = process.env.PIPEWRIGHT_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores are all we have.
    maxWorkers: 2,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
  },
});
