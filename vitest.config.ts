import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// CI asks for a JSON report too (.ci/run prints its passed/failed count as the closing line).
const jsonReport = process.env.PIPEWRIGHT_TEST_REPORT;

export default defineConfig({
  plugins: [
    {
      // Its published source maps point at sources it does not ship: drop them, so Vite
      // does not warn once per file.
      name: 'workflow-parser-without-source-maps',
      enforce: 'pre',
      load(id) {
        if (!id.includes('/@actions/workflow-parser/') || !id.endsWith('.js')) return null;
        return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores are all we have.
    maxWorkers: 2,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
    // GitHub's workflow parser imports its JSON schemas without import attributes,
    // which Node refuses: let Vite transform it instead of loading it natively.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
