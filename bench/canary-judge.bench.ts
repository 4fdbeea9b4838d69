// Benchmark: the canary-vs-stable judge's error rates, measured by simulation (seeded), and
// its speed against scipy's mannwhitneyu on the same windows.
// - False alarms: identical canary and stable windows; the share judged `fail` vs alpha.
// - Power: a canary 30% slower (latency), or with twice the error rate; the share caught.
// - Autocorrelated samples (a range query over overlapping rate() windows) break
//   Mann-Whitney's independence assumption: measured too, so the docs can say what to do.
// Run: pnpm exec tsx bench/canary-judge.bench.ts [windows]  (default 10,000 per scenario)
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { judgeHistograms, judgeProportions, judgeSamples } from '../shared/src/deploy/analysis/index.ts';
import { seededRandom } from '../test/support/random.ts';

const WINDOWS = Number(process.argv[2] ?? 10_000);
const ALPHA = 0.05;
const random = seededRandom(20261207);

function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** n latencies (ms), log-normal around `median` with sigma 0.5; AR(1) in log space with `phi`. */
function latencies(n: number, median: number, phi = 0): number[] {
  const out: number[] = [];
  let x = normal();
  for (let i = 0; i < n; i++) {
    if (i > 0) x = phi * x + Math.sqrt(1 - phi * phi) * normal();
    out.push(median * Math.exp(0.5 * x));
  }
  return out;
}

/** Binomial(n, p) by geometric gaps between events: exact, and cheap when n·p is small. */
function binomial(n: number, p: number): number {
  let count = 0;
  let position = 0;
  const logQ = Math.log(1 - p);
  for (;;) {
    position += Math.floor(Math.log(1 - random()) / logQ) + 1;
    if (position > n) return count;
    count++;
  }
}

/**
 * A range query stepping 1 s over rate()[3s]: each sample averages three seconds, two of
 * them shared with its neighbour. `noise`: the per-second mean's relative spread.
 */
function rateWindows(n: number, level: number, noise: number): number[] {
  const seconds = Array.from({ length: n + 2 }, () => level * (1 + noise * normal()));
  return Array.from({ length: n }, (_, i) => (seconds[i]! + seconds[i + 1]! + seconds[i + 2]!) / 3);
}

/** Prometheus' default histogram buckets, in ms. */
const DEFAULT_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, Number.POSITIVE_INFINITY];

/** n request latencies (log-normal around `median` ms, sigma 0.5) counted into cumulative buckets. */
function histogram(n: number, median: number): Array<{ le: number; count: number }> {
  const counts = DEFAULT_BUCKETS_MS.map(() => 0);
  for (let i = 0; i < n; i++) {
    const latency = median * Math.exp(0.5 * normal());
    counts[DEFAULT_BUCKETS_MS.findIndex((le) => latency <= le)]!++;
  }
  let total = 0;
  return DEFAULT_BUCKETS_MS.map((le, i) => {
    total += counts[i]!;
    return { le, count: total };
  });
}

interface Figure {
  scenario: string;
  rate: number;
  /** 95% interval half-width of the observed rate. */
  margin: number;
}

function share(scenario: string, trial: () => boolean): Figure {
  let hits = 0;
  for (let i = 0; i < WINDOWS; i++) if (trial()) hits++;
  const rate = hits / WINDOWS;
  return { scenario, rate, margin: 1.96 * Math.sqrt((rate * (1 - rate)) / WINDOWS) };
}

const figures: Figure[] = [];
const samples = (n: number, slower: number, maxDegradation: number, phi = 0, series = false) => () =>
  judgeSamples(latencies(n, 100 * slower, phi), latencies(n, 100, phi), { maxDegradation, alpha: ALPHA, worse: 'higher', series }).verdict === 'fail';
const rateScenario = (n: number, slower: number, noise: number, maxDegradation: number) => () =>
  judgeSamples(rateWindows(n, 100 * slower, noise), rateWindows(n, 100, noise), { maxDegradation, alpha: ALPHA, worse: 'higher', series: true }).verdict === 'fail';
const histograms = (slower: number, maxDegradation: number) => () =>
  judgeHistograms(histogram(300, 100 * slower), histogram(2_700, 100), { maxDegradation, alpha: ALPHA, worse: 'higher' }).verdict === 'fail';
const errors = (canaryRate: number, stableRate: number, maxDegradation: number) => () =>
  judgeProportions({ errors: binomial(600, canaryRate), total: 600 }, { errors: binomial(11_400, stableRate), total: 11_400 }, { maxDegradation, alpha: ALPHA }).verdict === 'fail';

const started = performance.now();
figures.push(share('false alarms, latency, 60 vs 60 samples, max-degradation 0', samples(60, 1, 0)));
figures.push(share('false alarms, latency, 60 vs 60 samples, max-degradation 0.1', samples(60, 1, 0.1)));
figures.push(share('false alarms, latency, 20 vs 20 samples, max-degradation 0', samples(20, 1, 0)));
figures.push(share('at the limit, latency 10% slower, 60 vs 60 samples, max-degradation 0.1', samples(60, 1.1, 0.1)));
figures.push(share('power, latency 30% slower, 60 vs 60 samples, max-degradation 0', samples(60, 1.3, 0)));
figures.push(share('power, latency 30% slower, 60 vs 60 samples, max-degradation 0.1', samples(60, 1.3, 0.1)));
figures.push(share('power, latency 30% slower, 200 vs 200 samples, max-degradation 0.1', samples(200, 1.3, 0.1)));
figures.push(share('power, latency 30% slower, 20 vs 20 samples, max-degradation 0', samples(20, 1.3, 0)));
figures.push(share('false alarms, error rate 1% both, 600 vs 11,400 requests, max-degradation 0', errors(0.01, 0.01, 0)));
figures.push(share('false alarms, error rate 1% both, 600 vs 11,400 requests, max-degradation 0.5', errors(0.01, 0.01, 0.5)));
figures.push(share('at the limit, error rate 1.5% vs 1%, 600 vs 11,400 requests, max-degradation 0.5', errors(0.015, 0.01, 0.5)));
figures.push(share('power, error rate 2% vs 1%, 600 vs 11,400 requests, max-degradation 0', errors(0.02, 0.01, 0)));
figures.push(share('power, error rate 3% vs 1%, 600 vs 11,400 requests, max-degradation 0.5', errors(0.03, 0.01, 0.5)));
figures.push(share('power, error rate 20% vs 1%, 600 vs 11,400 requests, max-degradation 0.5', errors(0.2, 0.01, 0.5)));
figures.push(share('false alarms, AR(1) phi 0.9 series, no correction, max-degradation 0', samples(60, 1, 0, 0.9, false)));
figures.push(share('false alarms, AR(1) phi 0.9 series, autocorrelation correction, max-degradation 0', samples(60, 1, 0, 0.9, true)));
figures.push(share('false alarms, AR(1) phi 0.5 series, autocorrelation correction, max-degradation 0', samples(60, 1, 0, 0.5, true)));
figures.push(share('false alarms, independent samples, autocorrelation correction, max-degradation 0', samples(60, 1, 0, 0, true)));
figures.push(share('power, latency 30% slower, AR(1) phi 0.9 series, correction, max-degradation 0', samples(60, 1.3, 0, 0.9, true)));
figures.push(share('power, latency 30% slower, independent, correction, max-degradation 0', samples(60, 1.3, 0, 0, true)));
figures.push(share('false alarms, rate()[3s] stepped 1 s, 6 vs 6 samples, noise 10%, max-degradation 0', rateScenario(6, 1, 0.1, 0)));
figures.push(share('false alarms, rate()[3s] stepped 1 s, 6 vs 6 samples, noise 10%, max-degradation 0.1', rateScenario(6, 1, 0.1, 0.1)));
figures.push(share('false alarms, rate()[3s] stepped 1 s, 21 vs 21 samples, noise 10%, max-degradation 0', rateScenario(21, 1, 0.1, 0)));
figures.push(share('power, latency 30% slower, rate()[3s] stepped 1 s, 6 vs 6 samples, noise 2%, max-degradation 0.1', rateScenario(6, 1.3, 0.02, 0.1)));
figures.push(share('power, latency 30% slower, rate()[3s] stepped 1 s, 6 vs 6 samples, noise 10%, max-degradation 0.1', rateScenario(6, 1.3, 0.1, 0.1)));
figures.push(share('power, latency 30% slower, rate()[3s] stepped 1 s, 13 vs 13 samples, noise 2%, max-degradation 0.1', rateScenario(13, 1.3, 0.02, 0.1)));
figures.push(share('power, latency 30% slower, rate()[3s] stepped 1 s, 21 vs 21 samples, noise 2%, max-degradation 0.1', rateScenario(21, 1.3, 0.02, 0.1)));
figures.push(share('false alarms, latency histogram (default buckets), 300 vs 2,700 requests, max-degradation 0', histograms(1, 0)));
figures.push(share('false alarms, latency histogram (default buckets), 300 vs 2,700 requests, max-degradation 0.1', histograms(1, 0.1)));
figures.push(share('power, latency 10% slower, histogram, 300 vs 2,700 requests, max-degradation 0', histograms(1.1, 0)));
figures.push(share('power, latency 30% slower, histogram, 300 vs 2,700 requests, max-degradation 0.1', histograms(1.3, 0.1)));
const simulationSeconds = (performance.now() - started) / 1000;

console.log(`canary judge, ${WINDOWS.toLocaleString('en')} seeded windows per scenario, alpha ${ALPHA}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
for (const f of figures) console.log(`${f.scenario}: ${(f.rate * 100).toFixed(2)}% ± ${(f.margin * 100).toFixed(2)}`);
console.log(`simulation: ${simulationSeconds.toFixed(1)} s`);

// Speed: judgeSamples (Mann-Whitney U with the medians) against scipy.stats.mannwhitneyu
// on the same 2,000 windows of 60 vs 60 samples, each timed in its own process's loop.
const windows = Array.from({ length: 2_000 }, () => [latencies(60, 130), latencies(60, 100)] as const);
const t0 = performance.now();
let fails = 0;
for (const [c, s] of windows) if (judgeSamples(c, s, { maxDegradation: 0.1, alpha: ALPHA, worse: 'higher' }).verdict === 'fail') fails++;
const oursMs = performance.now() - t0;
const script = `
import json, sys, time
from scipy.stats import mannwhitneyu
windows = json.load(sys.stdin)
t = time.perf_counter()
for c, s in windows: mannwhitneyu(c, s, alternative='greater', method='asymptotic')
print((time.perf_counter() - t) * 1000)
`;
const scipy = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(windows), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (scipy.status !== 0) throw new Error(`scipy reference failed: ${scipy.stderr}`);
const scipyMs = Number(scipy.stdout.trim());
console.log(`speed, 2,000 windows of 60 vs 60: judgeSamples ${oursMs.toFixed(1)} ms (${fails} failed), scipy mannwhitneyu ${scipyMs.toFixed(1)} ms; scipy / ours = ${(scipyMs / oursMs).toFixed(1)}`);
