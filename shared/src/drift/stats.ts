// Drift statistics on weighted samples and binned distributions, with the semantics of
// scipy (ks_2samp, chisquare, wasserstein_distance, jensenshannon) as Evidently calls them.
import { gcd, chiSquareSurvival, kolmogorovSurvival, ksExactPValue } from './special.ts';
import type { SortedSample } from './sketch.ts';

/** scipy.stats.ks_2samp uses the exact distribution up to this sample size ('auto' mode). */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  /** D: the largest distance between the two empirical CDFs. */
  statistic: number;
  pValue: number;
  mode: 'exact' | 'asymptotic';
}

/** Walks the union of two samples' distinct values, calling `visit` with both cumulative weights after each. */
function walkUnion(a: SortedSample, b: SortedSample, visit: (value: number, weightA: number, weightB: number) => void): void {
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i]! : Number.POSITIVE_INFINITY;
    const vb = j < b.values.length ? b.values[j]! : Number.POSITIVE_INFINITY;
    const v = Math.min(va, vb);
    if (va === v) ca = a.cumulative[i++]!;
    if (vb === v) cb = b.cumulative[j++]!;
    visit(v, ca, cb);
  }
}

/**
 * Two-sided two-sample KS test. Weights are integers (counts), so D is computed as
 * max |ca nb - cb na| / (na nb) and the exact p-value's lattice bound is an integer,
 * as scipy's `h = round(d * lcm)`. Exact when max(na, nb) <= 10,000 as scipy's 'auto';
 * otherwise Kolmogorov's limit with Stephens' small-sample correction in place of
 * scipy's kstwo.sf(d, round(en)) (see docs/drift.md for the measured tolerance).
 */
export function ksTwoSample(a: SortedSample, b: SortedSample): KsResult {
  const na = a.total;
  const nb = b.total;
  let widest = 0;
  walkUnion(a, b, (_v, ca, cb) => {
    const gap = Math.abs(ca * nb - cb * na);
    if (gap > widest) widest = gap;
  });
  const statistic = widest / (na * nb);
  const en = Math.round((na * nb) / (na + nb));
  const root = Math.sqrt(en);
  const asymptotic = kolmogorovSurvival((root + 0.12 + 0.11 / root) * statistic);
  if (Math.max(na, nb) <= KS_EXACT_MAX_N) {
    // Far in the tail the exact value underflows to 0 too; skip a lattice walk of up to 10^8 cells.
    if (asymptotic < 1e-300) return { statistic, pValue: 0, mode: 'exact' };
    const h = Math.round(widest / gcd(na, nb));
    return { statistic, pValue: ksExactPValue(na, nb, h), mode: 'exact' };
  }
  return { statistic, pValue: asymptotic, mode: 'asymptotic' };
}

/** scipy.stats.wasserstein_distance(u, v): the area between the two empirical CDFs. */
export function wassersteinDistance(a: SortedSample, b: SortedSample): number {
  let area = 0;
  let previous = Number.NaN;
  let fa = 0;
  let fb = 0;
  walkUnion(a, b, (v, ca, cb) => {
    // Equal CDFs add nothing, even across an infinite gap between extreme values.
    const gap = Math.abs(fa - fb);
    if (!Number.isNaN(previous) && gap > 0) area += gap * (v - previous);
    previous = v;
    fa = ca / a.total;
    fb = cb / b.total;
  });
  return area;
}

/** Two aligned count vectors over the same keys (categories or bins). */
export interface Distribution {
  keys: string[];
  reference: number[];
  current: number[];
}

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
}

/**
 * Evidently's chi-square: scipy.stats.chisquare(f_obs = current counts, f_exp =
 * reference counts scaled to the current total), df = k - 1. A category the
 * reference never saw makes the statistic infinite and the p-value 0.
 */
export function chiSquare(d: Distribution): ChiSquareResult {
  const refTotal = d.reference.reduce((s, x) => s + x, 0);
  const curTotal = d.current.reduce((s, x) => s + x, 0);
  const scale = curTotal / refTotal;
  let statistic = 0;
  d.keys.forEach((_k, i) => {
    const expected = d.reference[i]! * scale;
    const observed = d.current[i]!;
    statistic += expected === 0 ? (observed === 0 ? 0 : Number.POSITIVE_INFINITY) : (observed - expected) ** 2 / expected;
  });
  const df = d.keys.length - 1;
  // One category on both sides: nothing can differ (scipy would return NaN).
  if (df < 1) return { statistic: 0, pValue: 1, df: 0 };
  return { statistic, pValue: statistic === Number.POSITIVE_INFINITY ? 0 : chiSquareSurvival(statistic, df), df };
}

/**
 * Shares with Evidently's zero smoothing (get_binned_data): an empty bin gets
 * 1e-4, or the smallest non-zero share / 1e6 when that share is itself <= 1e-4,
 * so that logarithms stay finite.
 */
export function smoothedShares(counts: number[]): number[] {
  const total = counts.reduce((s, x) => s + x, 0);
  const shares = counts.map((c) => (total > 0 ? c / total : 0));
  const nonZero = shares.filter((s) => s > 0);
  if (nonZero.length === shares.length || nonZero.length === 0) return shares;
  const smallest = Math.min(...nonZero);
  const fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  return shares.map((s) => (s === 0 ? fill : s));
}

/** scipy.spatial.distance.jensenshannon(p, q, base=2) on smoothed shares (normalised as scipy does). */
export function jensenShannonDistance(d: Distribution): number {
  const p = normalise(smoothedShares(d.reference));
  const q = normalise(smoothedShares(d.current));
  let divergence = 0;
  p.forEach((pi, i) => {
    const qi = q[i]!;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += pi * Math.log(pi / mi);
    if (qi > 0) divergence += qi * Math.log(qi / mi);
  });
  return Math.sqrt(Math.max(0, divergence / 2 / Math.LN2));
}

/** Population stability index, sum((ref - cur) * ln(ref / cur)) on smoothed shares. */
export function populationStabilityIndex(d: Distribution): number {
  const p = smoothedShares(d.reference);
  const q = smoothedShares(d.current);
  let psi = 0;
  p.forEach((pi, i) => {
    const qi = q[i]!;
    if (pi > 0 && qi > 0) psi += (pi - qi) * Math.log(pi / qi);
  });
  return psi;
}

function normalise(values: number[]): number[] {
  const total = values.reduce((s, x) => s + x, 0);
  return total > 0 ? values.map((v) => v / total) : values;
}
