// Benchmark: what publishing to GitHub adds to an action, and what escaping untrusted
// strings costs. (1) validate-data run as the runner runs it, with a check run and the PR
// report sent to the loopback GitHub API, against the same step without a token (the
// reference). (2) escapeMarkdown on 200,000 dataset values against the table escaping it
// replaced (`|` and newlines only). Run: pnpm exec tsx bench/github-publish.bench.ts
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { escapeMarkdown } from '../shared/src/report/index.ts';
import { runActionAsync } from '../test/support/action-runner.ts';
import { eventEnv, pullRequestPayload } from '../test/support/github-api/events.ts';
import { GitHubApi } from '../test/support/github-api/server.ts';

const RUNS = 5;
const TOKEN = 'ghs_benchToken';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeStep(workspace: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const run = await runActionAsync('validate-data', { workspace, inputs: { dataset: 'train' }, env });
  if (run.exitCode !== 0) throw new Error(`validate-data failed: ${run.stdout}`);
  return performance.now() - started;
}

const workspace = mkdtempSync(join(tmpdir(), 'pw-bench-gh-'));
cpSync(resolve(import.meta.dirname, '../test/fixtures/train/workspace'), workspace, { recursive: true });
const api = await GitHubApi.start({ token: TOKEN });
try {
  const event = eventEnv('pull_request', pullRequestPayload({ number: 1 }));
  const plain: number[] = [];
  const published: number[] = [];
  await timeStep(workspace, {}); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    plain.push(await timeStep(workspace, event));
    published.push(await timeStep(workspace, { ...event, ...api.env(), GITHUB_TOKEN: TOKEN }));
  }
  if (api.violations.length > 0) throw new Error(api.violations.join('\n'));
  const [p, g] = [median(plain), median(published)];
  console.log(`validate-data step, median of ${RUNS}: ${p.toFixed(0)} ms without GitHub (reference), ${g.toFixed(0)} ms with check run + PR report (+${(g - p).toFixed(0)} ms, ratio ${(g / p).toFixed(2)})`);
  console.log(`  GitHub requests per step: ${api.requests.length / RUNS} (check run, comment lookup and write; the loopback API validates each against the OpenAPI description)`);
} finally {
  await api.close();
  rmSync(workspace, { recursive: true, force: true });
}

const values = Array.from({ length: 200_000 }, (_, i) => (i % 7 === 0 ? `[x](https://e.example/${i}) @user${i} <b>` : `customer_${i}|plan ${i % 3}`));
const reference = (v: string) => v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
let sink = 0;
const timeIt = (escapeValue: (v: string) => string) => {
  const started = performance.now();
  for (const v of values) sink += escapeValue(v).length;
  return performance.now() - started;
};
timeIt(reference);
timeIt(escapeMarkdown);
const [r, e] = [median([timeIt(reference), timeIt(reference), timeIt(reference)]), median([timeIt(escapeMarkdown), timeIt(escapeMarkdown), timeIt(escapeMarkdown)])];
console.log(`escape 200,000 values: ${e.toFixed(1)} ms escapeMarkdown vs ${r.toFixed(1)} ms pipe-and-newline only (reference), ratio ${(e / r).toFixed(2)} (${sink > 0 ? 'ok' : ''})`);
