// Bundles the CLI and every action with esbuild. Output is deterministic, so CI can
// rebuild and fail on `git diff --exit-code actions/*/dist`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
// Native or optional modules are loaded at run time, never bundled.
const external = ['@duckdb/node-api', 'pg-native', 'cloudflare:sockets'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external,
};

// ESM dependencies (fdir via tinyglobby) and the worker pool read import.meta.url: in a
// CommonJS bundle, give them the bundle's own file URL.
const commonJs = {
  format: 'cjs',
  banner: { js: "const __pwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__pwImportMetaUrl' },
};

const jobs = [
  build({
    ...common,
    entryPoints: [join(root, 'cli/src/index.ts')],
    outfile: join(root, 'cli/dist/pipewright.js'),
    format: 'esm',
    // Bundled CommonJS dependencies call require(); give them one.
    banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);" },
  }),
];

const actionsDir = join(root, 'actions');
for (const name of existsSync(actionsDir) ? readdirSync(actionsDir) : []) {
  const entry = join(actionsDir, name, 'src/main.ts');
  if (!existsSync(entry)) continue;
  jobs.push(
    build({
      ...common,
      entryPoints: [entry],
      outfile: join(actionsDir, name, 'dist/index.js'),
      // GitHub runs dist/index.js as-is: CommonJS needs no package.json beside it.
      ...commonJs,
    }),
  );
}

// The language server, which VS Code and other editors start with `node extension/dist/server.js --stdio`.
const serverEntry = join(root, 'extension/src/server/server.ts');
if (existsSync(serverEntry)) {
  // Whitespace and syntax minified, names kept: the stack traces it logs stay readable.
  jobs.push(build({ ...common, entryPoints: [serverEntry], outfile: join(root, 'extension/dist/server.js'), ...commonJs, minifyWhitespace: true, minifySyntax: true }));
}

// The data scanner's worker thread, beside each bundle that validates data
// (shared/src/data/worker-pool.ts looks for it there).
const scanWorker = join(root, 'shared/src/data/scan-worker.ts');
jobs.push(build({ ...common, entryPoints: [scanWorker], outfile: join(root, 'cli/dist/pipewright-scan-worker.js'), format: 'esm' }));
for (const name of ['validate-data', 'drift', 'drift-check']) {
  if (!existsSync(join(actionsDir, name, 'src/main.ts'))) continue;
  jobs.push(build({ ...common, entryPoints: [scanWorker], outfile: join(actionsDir, name, 'dist/pipewright-scan-worker.js'), ...commonJs }));
}

await Promise.all(jobs);

// The VS Code extension last: it packages the CLI and the language server built above.
const { buildExtension } = await import('../extension/build.mjs');
await buildExtension();
