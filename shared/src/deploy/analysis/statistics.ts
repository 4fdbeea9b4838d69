// The two tests the canary-vs-stable judge runs, from their textbook definitions and
// matching scipy's conventions: the Mann-Whitney U test (normal approximation with tie
// and continuity corrections, as `mannwhitneyu(..., method='asymptotic')`) and the pooled
// two-proportion z-test (z² is the uncorrected chi-square of the 2×2 table). Two additions
// for canaries: a variance inflation for autocorrelated time series (a range query's
// samples are not independent), and a ratio margin for the proportion test (Wald).
import { chiSquareSurvival } from '../../drift/special.ts';

/** P(Z > z) for a standard normal Z (scipy.stats.norm.sf), through Q(1/2, z²/2). */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * chiSquareSurvival(z * z, 1);
  return z >= 0 ? tail : 1 - tail;
}

export type Alternative = 'greater' | 'less' | 'two-sided';

export interface MannWhitneyResult {
  /** U of the first sample (scipy's `statistic`): the pairs (x, y) with x > y, ties counting ½. */
  u: number;
  z: number;
  pValue: number;
}

/** Average ranks (1-based) of `values`, and Σ(t³ − t) over the groups of t ties. */
function ranks(values: number[]): { rank: Float64Array; tieTerm: number } {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const rank = new Float64Array(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const average = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) rank[order[k]!] = average;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { rank, tieTerm };
}

/**
 * How much autocorrelation inflates the variance of a series' mean rank, modelled as AR(1):
 * (1 + φ) / (1 − φ), with φ the lag-1 autocorrelation of the ranks clamped to [0, 0.98]:
 * 1 for independent samples, about 19 for φ = 0.9. Short series underestimate φ; Kendall's
 * bias correction was measured and left out: on 6-sample windows it cut the detection of
 * a 30% slower canary from 96% to 32% (bench/canary-judge.bench.ts, docs/canary-analysis.md).
 */
export function autocorrelationInflation(series: number[]): number {
  const n = series.length;
  if (n < 4) return 1;
  const { rank } = ranks(series);
  const mean = (n + 1) / 2;
  let variance = 0;
  let covariance = 0;
  for (let i = 0; i < n; i++) variance += (rank[i]! - mean) ** 2;
  for (let i = 0; i + 1 < n; i++) covariance += (rank[i]! - mean) * (rank[i + 1]! - mean);
  if (!(variance > 0)) return 1;
  const observed = covariance / variance;
  const phi = Math.min(0.98, Math.max(0, observed));
  return (1 + phi) / (1 - phi);
}

/** U's normal approximation with tie and continuity corrections, its variance times `inflation`. */
function uTest(u1: number, n1: number, n2: number, tieTerm: number, alternative: Alternative, inflation = 1): MannWhitneyResult {
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))) * inflation);
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? n1 * n2 - u1 : Math.max(u1, n1 * n2 - u1);
  if (!(sigma > 0)) return { u: u1, z: 0, pValue: alternative === 'two-sided' ? 1 : 0.5 };
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
  const p = alternative === 'two-sided' ? 2 * normalSurvival(z) : normalSurvival(z);
  return { u: u1, z, pValue: Math.min(1, Math.max(0, p)) };
}

export interface MannWhitneyOptions {
  /** Variance inflation of each sample (autocorrelationInflation); 1 = independent. */
  inflation?: { x: number; y: number };
}

/**
 * Mann-Whitney U test of `x` against `y`. `greater`: is x stochastically greater than y
 * (a canary's latencies above the stable's)? A sample that is all one value has no spread
 * to test: z = 0 and p = 1 (two-sided) or 0.5. With `inflation`, the variance of U grows
 * as each sample's mean rank's does: σ² × (f_x·n2 + f_y·n1) / (n1 + n2).
 */
export function mannWhitneyU(x: number[], y: number[], alternative: Alternative = 'two-sided', options: MannWhitneyOptions = {}): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`Mann-Whitney U needs two non-empty samples, found ${n1} and ${n2} values`);
  const { rank, tieTerm } = ranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += rank[i]!;
  const f = options.inflation ? (options.inflation.x * n2 + options.inflation.y * n1) / (n1 + n2) : 1;
  return uTest(r1 - (n1 * (n1 + 1)) / 2, n1, n2, tieTerm, alternative, f);
}

export interface ProportionResult {
  /** (x1/n1 − x2/n2) / its pooled standard error. */
  z: number;
  pValue: number;
}

/**
 * Two-proportion z-test: is x1/n1 above (`greater`), below (`less`) or different from
 * x2/n2? With `margin` m > 0 (one-sided only), is x1/n1 above (1 + m) × x2/n2, by the Wald
 * statistic (p1 − (1+m)·p2) / √(p1(1−p1)/n1 + (1+m)²·p2(1−p2)/n2); with m = 0 the pooled
 * test. No spread to test (no events, or only events): z = 0.
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number, alternative: Alternative = 'two-sided', margin = 0): ProportionResult {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError(`a two-proportion test needs two non-empty samples, found ${n1} and ${n2} trials`);
  if (x1 < 0 || x1 > n1 || x2 < 0 || x2 > n2) throw new RangeError(`events must be between 0 and the trials, found ${x1} of ${n1} and ${x2} of ${n2}`);
  if (margin !== 0 && alternative === 'two-sided') throw new RangeError('a ratio margin needs a one-sided alternative');
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const scale = alternative === 'less' ? 1 - margin : 1 + margin;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = margin === 0 ? Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) : Math.sqrt((p1 * (1 - p1)) / n1 + (scale * scale * p2 * (1 - p2)) / n2);
  const z = se > 0 ? (p1 - scale * p2) / se : 0;
  const p = alternative === 'greater' ? normalSurvival(z) : alternative === 'less' ? normalSurvival(-z) : 2 * normalSurvival(Math.abs(z));
  return { z, pValue: Math.min(1, p) };
}

/**
 * Mann-Whitney U on grouped data: `x[i]` and `y[i]` count the values of each sample in the
 * i-th of a sequence of ordered groups (a histogram's buckets), every value of a group tied.
 * Equal to mannWhitneyU on the expanded samples, in O(groups).
 */
export function mannWhitneyGrouped(x: number[], y: number[], alternative: Alternative = 'two-sided'): MannWhitneyResult {
  if (x.length !== y.length) throw new RangeError(`grouped samples need the same groups, found ${x.length} and ${y.length}`);
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i]! >= 0 && y[i]! >= 0)) throw new RangeError(`group counts must be ≥ 0, found ${x[i]} and ${y[i]} in group ${i}`);
    n1 += x[i]!;
    n2 += y[i]!;
  }
  if (n1 === 0 || n2 === 0) throw new RangeError(`Mann-Whitney U needs two non-empty samples, found ${n1} and ${n2} values`);
  let before = 0;
  let r1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < x.length; i++) {
    const t = x[i]! + y[i]!;
    r1 += x[i]! * (before + (t + 1) / 2);
    tieTerm += t * t * t - t;
    before += t;
  }
  return uTest(r1 - (n1 * (n1 + 1)) / 2, n1, n2, tieTerm, alternative);
}
