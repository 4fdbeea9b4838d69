// `pnpm test`: makes sure what the tests need is installed (the real servers, Chromium,
// code-server, actionlint: scripts/setup.sh), builds when the bundles are missing, then
// runs vitest with any arguments given. On a machine where it may not install (not
// root, no password-less sudo) it prints the one command that does, and stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status ?? 1;

const check = spawnSync('bash', ['scripts/setup.sh', '--check'], { cwd: root, encoding: 'utf8' });
if (check.status !== 0) {
  process.stdout.write(`The tests need what is not installed yet:\n${check.stdout}`);
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!isRoot && !sudo) {
    process.stderr.write('Install it with:\n\n  sudo bash scripts/setup.sh\n\nthen run pnpm test again.\n');
    process.exit(2);
  }
  process.stdout.write('Installing it now (bash scripts/setup.sh)…\n');
  const status = isRoot ? run('bash', ['scripts/setup.sh']) : run('sudo', ['bash', 'scripts/setup.sh']);
  if (status !== 0) process.exit(status);
}

const bundles = ['cli/dist/pipewright.js', 'extension/dist/server.js', 'extension/dist/pipewright.vsix'];
if (bundles.some((bundle) => !existsSync(join(root, bundle)))) {
  const status = run('pnpm', ['build']);
  if (status !== 0) process.exit(status);
}

// PIPEWRIGHT_TEST_FILES narrows the run (the fresh-clone test uses it to avoid running itself).
const only = process.env.PIPEWRIGHT_TEST_FILES?.split(/\s+/).filter(Boolean) ?? [];
process.exit(run(join(root, 'node_modules/.bin/vitest'), ['run', ...only, ...process.argv.slice(2)]));
