// Benchmark: checkSpecText on hostile specs (a recursive alias, an alias bomb, 5,000-deep
// nesting, a 1 MB unclosed bracket, a 1.9 MB line, 200,000 unknown keys, 100,000 duplicate
// keys, 50,000 unclosed brackets, a 20,000-dataset `like` cycle) against the reference:
// checking the churn example, a normal spec. Each may cost at most twice the reference's CPU
// time per character (and is always allowed one reference check): the ratio printed is CPU
// time / that allowance, ≤ 1 to pass.
// Run: pnpm exec tsx bench/hostile-spec.bench.ts (or pnpm bench hostile-spec)
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { checkSpecText } from '../shared/src/spec/index.ts';

const RUNS = 5;
/** CPU time per character a hostile spec may take, as a multiple of the reference's. */
const PER_CHAR_FACTOR = 2;

const root = join(import.meta.dirname, '..');
const churn = readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8');
const bomb = [
  'version: 1',
  'name: x',
  `a: &a [${Array(10).fill('lol').join(', ')}]`,
  ...'bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
].join('\n');
const cases: Record<string, string> = {
  'recursive alias': 'version: 1\nname: x\na: &a [*a, *a]\n',
  'alias bomb (10^9 nodes)': bomb,
  '5,000-deep nesting': `version: 1\nname: x\na: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  '1 MB unclosed bracket': `version: 1\nname: x\na: ${'['.repeat(1_000_000)}\n`,
  '1.9 MB line': `version: 1\nname: x\ndescription: ${'x'.repeat(1_900_000)}\n`,
  '200,000 unknown keys': `version: 1\nname: x\n${Array.from({ length: 200_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`,
  '100,000 duplicate keys': `version: 1\nname: x\n${Array.from({ length: 100_000 }, () => 'a: 1').join('\n')}\n`,
  '50,000 unclosed brackets': `version: 1\nname: x\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: [1, 2`).join('\n')}\n`,
  "20,000-dataset 'like' cycle": `version: 1\nname: x\ndatasets:\n${Array.from({ length: 20_000 }, (_, i) => `  d${i}: { path: a.csv, like: d${(i + 1) % 20_000} }`).join('\n')}\n`,
};

function medianCpuMs(text: string): { ms: number; diagnostic: string } {
  const times: number[] = [];
  let diagnostic = '';
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage();
    const d = checkSpecText(text, '/bench/pipewright.yaml', { fileExists: () => true });
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
    diagnostic = d[0] ? `${d[0].line}:${d[0].column} [${d[0].code}]` : 'ok';
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, diagnostic };
}

for (let i = 0; i < 20; i++) checkSpecText(churn, '/bench/pipewright.yaml', { fileExists: () => true });
const reference = medianCpuMs(churn);
console.log(`hostile specs vs the churn example (reference), CPU median of ${RUNS} runs; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
console.log(`reference: churn example (${churn.length} chars): ${reference.ms.toFixed(2)} ms`);
let worst = 0;
for (const [name, text] of Object.entries(cases)) {
  const heapBefore = process.memoryUsage().heapUsed;
  const { ms, diagnostic } = medianCpuMs(text);
  const heapMb = Math.max(0, process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const allowance = reference.ms * Math.max(1, (PER_CHAR_FACTOR * text.length) / churn.length);
  const ratio = ms / allowance;
  worst = Math.max(worst, ratio);
  console.log(`${name.padEnd(28)} ${String(text.length).padStart(8)} chars  ${ms.toFixed(2).padStart(8)} ms  allowance ${allowance.toFixed(1).padStart(7)} ms  ratio ${ratio.toFixed(3)}  heap +${heapMb.toFixed(1)} MB  ${diagnostic}`);
}
console.log(`worst ratio: ${worst.toFixed(3)} (${worst <= 1 ? `every hostile spec costs at most ${PER_CHAR_FACTOR}x the reference per character` : 'over the allowance'})`);
