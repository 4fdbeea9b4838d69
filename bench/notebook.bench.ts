// Benchmark: converting a generated 500-cell notebook (JSON parse + Python analysis + emit,
// no writing). Target: p95 < 300 ms. Reference in the same run: /usr/bin/python3 reading the
// same notebook with nbformat and parsing every code cell with ast (what a script export
// such as `jupyter nbconvert --to script` does at least), timed inside Python.
// Run: pnpm exec tsx bench/notebook.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNotebookJson, planNotebookConversion } from '../shared/src/notebook/index.ts';

const TARGET_P95_MS = 300;
const CELLS = 500;
const RUNS = 30;

/** A long analysis notebook: a section every 10 cells, each with data prep, a helper, a loop, a model. */
function generateNotebook(cells: number): string {
  const out: unknown[] = [];
  const code = (source: string) => out.push({ cell_type: 'code', metadata: {}, execution_count: out.length, outputs: [{ output_type: 'stream', name: 'stdout', text: ['x\n'.repeat(20)] }], source });
  const md = (source: string) => out.push({ cell_type: 'markdown', metadata: {}, source });
  code('%matplotlib inline\nimport numpy as np\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\nfrom scipy import stats');
  for (let s = 0; out.length < cells; s++) {
    md(`## Section ${s}\n\nWhat this part does, in a few words.`);
    code(`rng${s} = np.random.default_rng(${s})\ndf${s} = pd.DataFrame({'a': rng${s}.normal(size=200), 'b': rng${s}.integers(0, 5, 200)})\ndf${s}['c'] = df${s}['a'] * 2`);
    code(`def summarise${s}(frame, k=${s}):\n    """Mean of a, shifted."""\n    return frame['a'].mean() + k * scale${s}\n\nscale${s} = 0.5`);
    code(`totals${s} = []\nfor i${s} in range(5):\n    totals${s}.append(summarise${s}(df${s}) + i${s})\nprint(len(totals${s}), i${s})`);
    code(`df${s}.dropna(inplace=True)\nsquares${s} = [v * v for v in df${s}['b'] if v > 1]\nif (n${s} := len(squares${s})) > 10:\n    print(n${s})`);
    code(`model${s} = LogisticRegression(max_iter=100)\nmodel${s}.fit(df${s}[['a', 'c']], df${s}['b'] > 2)\nprint(round(model${s}.score(df${s}[['a', 'c']], df${s}['b'] > 2), 3))`);
    code(`t${s} = stats.ttest_ind(df${s}['a'], df${s}['c'])\nreport${s} = {"p": float(t${s}.pvalue), "prev": ${s > 0 ? `len(totals${s - 1})` : '0'}}\nprint(report${s})`);
    md(`### Notes ${s}\n\nNothing to run here.`);
    code(`%time summary${s} = df${s}.describe()\nsummary${s}.loc['mean', 'a']`);
    code(`del squares${s}\nprint(df${s}.shape)`);
  }
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, cells: out.slice(0, cells) }, null, 1);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const text = generateNotebook(CELLS);
if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, text);
const convert = () => {
  const nb = parseNotebookJson(text, 'bench.ipynb');
  return planNotebookConversion(nb.cells, { notebookName: 'bench.ipynb' });
};
const plan = convert();
for (let i = 0; i < 3; i++) convert();
// Wall time, and CPU time (user + system) too: on a shared machine the wall time mostly
// measures the wait for a core.
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  convert();
  times.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);
const cpuP50 = percentile(cpuTimes, 50);
const cpuP95 = percentile(cpuTimes, 95);

// The reference: nbformat.read + ast.parse of every code cell (magics blanked), best of 5 in-process.
const dir = mkdtempSync(join(tmpdir(), 'pw-nb-bench-'));
const file = join(dir, 'bench.ipynb');
writeFileSync(file, text);
const reference = spawnSync(
  '/usr/bin/python3',
  [
    '-c',
    `import ast, sys, time, nbformat
best = cpu_best = None
for _ in range(5):
    t, c0 = time.perf_counter(), time.process_time()
    nb = nbformat.read(sys.argv[1], as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            ast.parse("\\n".join("pass" if l.lstrip().startswith(("%", "!")) else l for l in c.source.split("\\n")))
    d, cd = (time.perf_counter() - t) * 1000, (time.process_time() - c0) * 1000
    best = d if best is None else min(best, d)
    cpu_best = cd if cpu_best is None else min(cpu_best, cd)
print(best, cpu_best)`,
    file,
  ],
  { encoding: 'utf8' },
);
rmSync(dir, { recursive: true, force: true });

console.log(`notebook convert: ${CELLS} cells (${(text.length / 1024).toFixed(0)} KB), ${plan.stages.length} stages, ${Object.keys(plan.files).length} files, ${plan.warnings.length} warnings`);
console.log(`  parse + analysis + emit, wall: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${RUNS} runs (target p95 < ${TARGET_P95_MS} ms) ${p95 < TARGET_P95_MS ? 'OK' : 'SLOW'}`);
console.log(`  parse + analysis + emit, CPU:  p50 ${cpuP50.toFixed(1)} ms, p95 ${cpuP95.toFixed(1)} ms (target p95 < ${TARGET_P95_MS} ms) ${cpuP95 < TARGET_P95_MS ? 'OK' : 'SLOW'}`);
if (reference.status === 0) {
  const [ref, refCpu] = reference.stdout.trim().split(' ').map(Number) as [number, number];
  console.log(`  reference: python3 nbformat.read + ast.parse per cell (no analysis, no emit): best ${ref.toFixed(1)} ms wall, ${refCpu.toFixed(1)} ms CPU; ratio ours / reference: wall p50 ${(p50 / ref).toFixed(2)}, CPU p50 ${(cpuP50 / refCpu).toFixed(2)}`);
} else {
  console.log(`  reference: not run (/usr/bin/python3 with nbformat: ${reference.stderr.split('\n').filter(Boolean).pop() ?? reference.error?.message})`);
}
console.log(`  machine: ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
