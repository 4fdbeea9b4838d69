// `pnpm bench [NAME]`: runs every bench/*.bench.ts in turn with tsx (or the one named, e.g.
// `pnpm bench check`), printing each one's output as it goes. `--list` prints the names only.
// Exit 1 when a benchmark fails (its own exit code), 2 on an unknown name.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function benchNames() {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => basename(f, '.bench.ts'))
    .sort();
}

function main(argv) {
  const names = benchNames();
  if (argv.includes('--list')) {
    process.stdout.write(`${names.join('\n')}\n`);
    return 0;
  }
  const wanted = argv.filter((a) => !a.startsWith('-')).map((a) => basename(a).replace(/\.bench\.ts$/, ''));
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length > 0) {
    process.stderr.write(`pnpm bench: no benchmark named ${unknown.map((u) => `'${u}'`).join(', ')}; expected one of ${names.join(', ')}\n`);
    return 2;
  }
  const failed = [];
  for (const name of wanted.length > 0 ? wanted : names) {
    process.stdout.write(`\n== bench/${name}.bench.ts\n`);
    const run = spawnSync(tsx, [join(benchDir, `${name}.bench.ts`)], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) failed.push(`${name} (${run.signal ?? `exit ${run.status}`})`);
  }
  if (failed.length > 0) {
    process.stderr.write(`pnpm bench: failed: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
