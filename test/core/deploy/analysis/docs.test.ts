// docs/canary-analysis.md's examples, run as written: every metric of the YAML example is
// measured once against a real Prometheus (ten minutes of history backfilled with promtool,
// so the two-minute windows answer at once), a real HTTP server and a real script; only the
// addresses change. The judge example's verdict and sentence are checked word for word.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type AnalysisMetricSpec, judgeSamples, measure, resolveMetric } from '../../../../shared/src/deploy/analysis/index.ts';
import type { AnalysisContext } from '../../../../shared/src/deploy/types.ts';
import { docBlock } from '../../../support/doc-examples.ts';
import { seededRandom } from '../../../support/random.ts';
import { type RunningPrometheus, startPrometheus } from './prometheus-server.ts';
import { type ScriptDir, scriptDir } from './workspace.ts';

const SECONDS = 600;

/**
 * Ten minutes, one sample a second: the canary answers 50 requests/s in 130 ms with one 5xx
 * every 10 s; the stable 150 requests/s in 100 ms with one 5xx every 5 s; their latency
 * histograms put the canary's median in (0.1, 0.25], the stable's in (0.05, 0.1].
 */
function history(end: number): string {
  const random = seededRandom(11);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const variants = [
    { variant: 'canary', rps: 50, latency: 0.13, errorEvery: 10, buckets: [1, 14, 33, 2, 0, 0] },
    { variant: 'stable', rps: 150, latency: 0.1, errorEvery: 5, buckets: [6, 80, 62, 2, 0, 0] },
  ];
  const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];
  const requests: string[] = [];
  const durations: string[] = [];
  for (const v of variants) {
    let ok = 0;
    let failed = 0;
    let sum = 0;
    const okLines: string[] = [];
    const failedLines: string[] = [];
    const sumLines: string[] = [];
    const countLines: string[] = [];
    const bucketLines: string[][] = bounds.map(() => []);
    for (let s = 0; s < SECONDS; s++) {
      const t = (end - (SECONDS - 1 - s)).toFixed(3);
      const errors = s % v.errorEvery === 0 ? 1 : 0;
      ok += v.rps - errors;
      failed += errors;
      sum += v.rps * v.latency * (1 + 0.05 * normal());
      okLines.push(`http_requests_total{variant="${v.variant}",code="200"} ${ok} ${t}`);
      failedLines.push(`http_requests_total{variant="${v.variant}",code="500"} ${failed} ${t}`);
      sumLines.push(`http_request_duration_seconds_sum{variant="${v.variant}"} ${sum.toFixed(6)} ${t}`);
      countLines.push(`http_request_duration_seconds_count{variant="${v.variant}"} ${ok + failed} ${t}`);
      let below = 0;
      bounds.forEach((le, i) => {
        below += v.buckets[i]!;
        bucketLines[i]!.push(`http_request_duration_seconds_bucket{variant="${v.variant}",le="${le}"} ${below * (s + 1)} ${t}`);
      });
    }
    requests.push(...okLines, ...failedLines);
    durations.push(...bucketLines.flat(), ...sumLines, ...countLines);
  }
  return ['# TYPE http_requests counter', ...requests, '# TYPE http_request_duration_seconds histogram', ...durations, '# EOF', ''].join('\n');
}

let prometheus: RunningPrometheus;
let server: Server;
let health: string;
let ws: ScriptDir;
beforeAll(async () => {
  prometheus = await startPrometheus(null, history(Math.floor(Date.now() / 1000) - 1));
  server = createServer((_request, response) => response.writeHead(200).end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  health = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ws = scriptDir();
  ws.script('smoke-test.sh', '#!/bin/sh\n[ "$1" = --model ] && [ "$2" = v3 ] || exit 2\necho "smoke tests of $2: 1 of 100 failed"\necho 0.01\n');
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  ws?.remove();
});

/** The example's metrics, pointed at the servers of this test. */
function exampleMetrics(): Record<string, AnalysisMetricSpec> {
  const text = docBlock('canary-analysis.md', 'metrics').replaceAll('http://127.0.0.1:9090', prometheus.url).replaceAll('http://127.0.0.1:8080', health);
  return (parse(text) as { deploy: { canary: { metrics: Record<string, AnalysisMetricSpec> } } }).deploy.canary.metrics;
}

function context(): AnalysisContext {
  return { canaryVersion: 'v3', stableVersion: 'v2', weight: 25, cwd: ws.dir, env: { PATH: process.env.PATH }, signal: new AbortController().signal };
}

describe('docs/canary-analysis.md', () => {
  it('every metric of the example resolves with the keys the page documents', () => {
    const metrics = exampleMetrics();
    expect(Object.keys(metrics)).toEqual(['error-rate', 'health', 'smoke', 'latency-vs-stable', 'latency-histogram', 'errors-vs-stable']);
    const resolved = Object.entries(metrics).map(([name, spec]) => resolveMetric(name, spec));
    expect(resolved.map((m) => [m.name, m.provider, m.compare])).toEqual([
      ['error-rate', 'prometheus', false],
      ['health', 'http', false],
      ['smoke', 'run', false],
      ['latency-vs-stable', 'prometheus', true],
      ['latency-histogram', 'prometheus', true],
      ['errors-vs-stable', 'prometheus', true],
    ]);
    expect(resolved[0]).toMatchObject({ intervalMs: 10_000, count: 6, failureLimit: 1, inconclusiveLimit: 2 });
    expect(resolved[5]!.alpha).toBeCloseTo(0.01, 12);
  });

  it('measures each metric once against real servers, with the verdicts the history implies', async () => {
    const metrics = exampleMetrics();
    const measured: Record<string, { verdict: string; value: number | null; detail: string }> = {};
    for (const [name, spec] of Object.entries(metrics)) measured[name] = await measure(resolveMetric(name, spec), context());

    expect(measured['error-rate']!.verdict).toBe('pass');
    expect(measured['error-rate']!.value!).toBeGreaterThan(0.001);
    expect(measured['error-rate']!.value!).toBeLessThan(0.004);
    // Every probe answers 200; the verdict then hangs on max-p99 (250ms) alone, which a busy
    // machine can exceed: check the rule, whichever way it went.
    expect(measured.health!.value).toBe(1);
    const p99 = Number(/p99 ([\d.]+) ms$/.exec(measured.health!.detail)![1]);
    expect(measured.health!.verdict).toBe(p99 <= 250 ? 'pass' : 'fail');
    expect(measured.smoke).toMatchObject({ verdict: 'pass', value: 0.01, detail: '0.01 ≤ max 0.05' });
    // The canary answers 30% slower than stable: significantly worse than the 10% tolerated.
    expect(measured['latency-vs-stable']!.verdict).toBe('fail');
    expect(measured['latency-vs-stable']!.detail).toMatch(/^median 0\.1[23]\d* vs stable 0\.(0|1)\d* \(Mann-Whitney U, 1[23] vs 1[23] samples.*\): canary (2[5-9]|3\d)(\.\d+)?% worse; significantly worse than max-degradation 10%/);
    // Every request of the last two minutes, bucket by bucket: 6,000 against 18,000.
    expect(measured['latency-histogram']!.verdict).toBe('fail');
    expect(measured['latency-histogram']!.detail).toMatch(/^median ≈ 0\.14\d* vs stable 0\.09\d* \(Mann-Whitney U on \d+ vs \d+ requests in 6 buckets\): canary \d+(\.\d+)?% worse; significantly worse than max-degradation 10%/);
    // 0.2% against 0.13% errors: 50% worse, within the 50% tolerated.
    expect(measured['errors-vs-stable']!.verdict).toBe('pass');
    expect(measured['errors-vs-stable']!.detail).toMatch(
      /^error rate 0\.00[12]\d* \(1[0-3]\/\d+\) vs stable 0\.001\d* \(2[2-5]\/\d+\) \(two-proportion z-test\): canary \d+(\.\d+)?% worse; not significantly worse than max-degradation 50% \(p = \S+, alpha 0\.01\)$/,
    );
  });

  it("the judge example's verdict and sentence, word for word", () => {
    const example = JSON.parse(docBlock('canary-analysis.md', 'judge')) as { canary: number[]; stable: number[]; 'max-degradation': number; verdict: string; detail: string };
    const judged = judgeSamples(example.canary, example.stable, { maxDegradation: example['max-degradation'], alpha: 0.05, worse: 'higher' });
    expect({ verdict: judged.verdict, detail: judged.detail }).toEqual({ verdict: example.verdict, detail: example.detail });
  });
});
