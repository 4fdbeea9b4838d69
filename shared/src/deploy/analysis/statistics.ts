// The two tests the canary-vs-stable judge runs, from their textbook definitions and
// matching scipy's conventions: the Mann-Whitney U test (normal approximation with tie
// and continuity corrections, as `mannwhitneyu(..., method='asymptotic')`) and the pooled
// two-proportion z-test (z² is the uncorrected chi-square of the 2×2 table).
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
 * Mann-Whitney U test of `x` against `y`. `greater`: is x stochastically greater than y
 * (a canary's latencies above the stable's)? A sample that is all one value has no spread
 * to test: z = 0 and p = 1 (two-sided) or 0.5.
 */
export function mannWhitneyU(x: number[], y: number[], alternative: Alternative = 'two-sided'): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`Mann-Whitney U needs two non-empty samples, found ${n1} and ${n2} values`);
  const { rank, tieTerm } = ranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += rank[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  if (!(sigma > 0)) return { u: u1, z: 0, pValue: alternative === 'two-sided' ? 1 : 0.5 };
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
  const p = alternative === 'two-sided' ? 2 * normalSurvival(z) : normalSurvival(z);
  return { u: u1, z, pValue: Math.min(1, Math.max(0, p)) };
}

export interface ProportionResult {
  /** (x1/n1 − x2/n2) / its pooled standard error. */
  z: number;
  pValue: number;
}

/**
 * Pooled two-proportion z-test: is x1/n1 above (`greater`), below (`less`) or different
 * from x2/n2? With no events (or only events) on both sides, z = 0.
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number, alternative: Alternative = 'two-sided'): ProportionResult {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError(`a two-proportion test needs two non-empty samples, found ${n1} and ${n2} trials`);
  if (x1 < 0 || x1 > n1 || x2 < 0 || x2 > n2) throw new RangeError(`events must be between 0 and the trials, found ${x1} of ${n1} and ${x2} of ${n2}`);
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (x1 / n1 - x2 / n2) / se : 0;
  const p = alternative === 'greater' ? normalSurvival(z) : alternative === 'less' ? normalSurvival(-z) : 2 * normalSurvival(Math.abs(z));
  return { z, pValue: Math.min(1, p) };
}
