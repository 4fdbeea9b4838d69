// Builds the VS Code extension after the CLI and the server are bundled: the client bundle,
// the CLI beside it (the commands run it), the schema for yamlValidation, and the .vsix.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const dist = join(here, 'dist');

/** Fixed file times, so the .vsix (a zip) has the same bytes on every build of the same sources. */
const EPOCH = new Date('2026-01-01T00:00:00Z');
function touchAll(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) touchAll(path);
    utimesSync(path, EPOCH, EPOCH);
  }
}

export async function buildExtension() {
  await build({
    entryPoints: [join(here, 'src/extension.ts')],
    outfile: join(dist, 'extension.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', '@duckdb/node-api', 'pg-native', 'cloudflare:sockets'],
    banner: { js: "const __pwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__pwImportMetaUrl' },
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The CLI the commands run, as `pnpm build` bundled it (ESM: its folder says so).
  const cli = join(dist, 'cli');
  mkdirSync(cli, { recursive: true });
  for (const file of ['pipewright.js', 'pipewright-scan-worker.js']) copyFileSync(join(root, 'cli/dist', file), join(cli, file));
  writeFileSync(join(cli, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(join(root, 'schema/pipeline.schema.json'), join(dist, 'pipeline.schema.json'));
  if (!existsSync(join(dist, 'server.js'))) console.warn('extension: dist/server.js is missing; the .vsix has no language server');

  const vsix = join(dist, 'pipewright.vsix');
  rmSync(vsix, { force: true });
  for (const dir of [dist, join(here, 'media')]) touchAll(dir);
  for (const file of ['package.json', 'README.md', 'LICENSE.txt']) if (existsSync(join(here, file))) utimesSync(join(here, file), EPOCH, EPOCH);
  execFileSync(process.execPath, [join(here, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], {
    cwd: here,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await normalizeZip(vsix);
}

/** Rewrites the zip with every entry at EPOCH, in name order: vsce stamps its generated files with the time of day. */
async function normalizeZip(path) {
  const vsceRequire = createRequire(realpathSync(join(here, 'node_modules/@vscode/vsce/package.json')));
  const yauzl = vsceRequire('yauzl');
  const yazl = vsceRequire('yazl');
  const entries = await new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = [];
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            found.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(found));
      zip.readEntry();
    });
  });
  const out = new yazl.ZipFile();
  for (const { name, data } of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) out.addBuffer(data, name, { mtime: EPOCH, mode: 0o100644 });
  out.end();
  const temp = `${path}.tmp`;
  await new Promise((resolve, reject) => {
    const { createWriteStream } = vsceRequire('node:fs');
    out.outputStream.pipe(createWriteStream(temp)).on('close', resolve).on('error', reject);
  });
  renameSync(temp, path);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildExtension();
