// Turns column profiles into what the statistics consume: weighted samples for KS and
// Wasserstein, aligned count vectors (Evidently's get_binned_data) for chi-square,
// Jensen-Shannon and PSI. Each says whether it is exact or carries sketch error.
import { histogramCounts, histogramEdges } from './bins.ts';
import { type HistogramJSON, histogramSample, largestBinShare } from './histogram.ts';
import { cumulativeSample, QuantileSketch, type SortedSample, weightAtOrBelow } from './sketch.ts';
import type { Distribution } from './stats.ts';
import type { CategoricalColumnProfile, NumericColumnProfile } from './types.ts';

/** Evidently bins a numeric column by value when the reference has at most this many distinct values. */
export const VALUE_BINS_MAX_DISTINCT = 20;

export interface ColumnSample {
  sample: SortedSample;
  exact: boolean;
}

/** Below this largest-bin share the fine histogram is at least as good as the sketch (~1% rank error). */
export const HISTOGRAM_PREFERRED_SHARE = 0.01;

/** True when the fine histogram is the better summary of the column's values than the sketch. */
export function histogramPreferred(histogram: HistogramJSON): boolean {
  return largestBinShare(histogram) < HISTOGRAM_PREFERRED_SHARE;
}

/**
 * The column's values as a weighted sample: exact counts when known (few distinct
 * values, or a sketch still holding every value); else the fine histogram when its
 * largest bin holds under 1% of the values; else the quantile sketch.
 */
export function numericSample(column: NumericColumnProfile): ColumnSample {
  const exact = exactSample(column);
  if (exact !== null) return { sample: exact, exact: true };
  const histogram = column.histogram;
  if (histogram !== null && column.min !== null && column.max !== null && histogramPreferred(histogram)) {
    const { values, weights } = histogramSample(histogram, column.min, column.max);
    return { sample: cumulativeSample(values, weights), exact: false };
  }
  return { sample: QuantileSketch.fromJSON(column.sketch).sorted(), exact: false };
}

/** Every value of the column as a sample, when the profile still holds them all; else null. */
export function exactSample(column: NumericColumnProfile): SortedSample | null {
  if (column.distinct !== null) return cumulativeSample(Float64Array.from(column.distinct.values), Float64Array.from(column.distinct.counts));
  if (column.sketch.levels.length <= 1) return QuantileSketch.fromJSON(column.sketch).sorted();
  return null;
}

/** Weight of exactly `x` in a sample. */
function weightAt(sample: SortedSample, x: number): number {
  return weightAtOrBelow(sample, x) - weightAtOrBelow(sample, x, true);
}

/**
 * Evidently's binning of a numeric column: by value when the reference has at most
 * 20 distinct values, else ten equal-width bins over the range of both sides
 * (np.histogram_bin_edges of the concatenation; min and max are exact in profiles).
 */
export function numericDistribution(reference: NumericColumnProfile, current: NumericColumnProfile): Distribution & { exact: boolean } {
  const ref = numericSample(reference);
  const cur = numericSample(current);
  const exact = ref.exact && cur.exact;
  if (reference.distinct !== null && reference.distinct.values.length <= VALUE_BINS_MAX_DISTINCT) {
    const keys = [...new Set([...ref.sample.values, ...cur.sample.values])].sort((a, b) => a - b);
    return {
      keys: keys.map(String),
      reference: keys.map((k) => weightAt(ref.sample, k)),
      current: keys.map((k) => weightAt(cur.sample, k)),
      exact,
    };
  }
  const edges = histogramEdges(Math.min(reference.min!, current.min!), Math.max(reference.max!, current.max!));
  const keys = edges.slice(0, -1).map((e, i) => `[${formatEdge(e)}, ${formatEdge(edges[i + 1]!)}${i === edges.length - 2 ? ']' : ')'}`);
  return { keys, reference: histogramCounts(ref.sample, edges), current: histogramCounts(cur.sample, edges), exact };
}

function formatEdge(x: number): string {
  return String(+x.toPrecision(6));
}

/** Marks the remainder of a truncated category summary. */
export const OTHER_CATEGORY = '(other)';

/**
 * Category counts over the union of both sides' categories. When a summary is not
 * exact, its untracked remainder becomes an `(other)` category on both sides.
 */
export function categoricalDistribution(reference: CategoricalColumnProfile, current: CategoricalColumnProfile): Distribution & { exact: boolean } {
  const refCounts = new Map(reference.top);
  const curCounts = new Map(current.top);
  const keys = [...new Set([...refCounts.keys(), ...curCounts.keys()])];
  // Sampled summaries hold estimates, whose sum may pass the count by a little.
  const refRest = Math.max(0, reference.count - reference.top.reduce((s, [, c]) => s + c, 0));
  const curRest = Math.max(0, current.count - current.top.reduce((s, [, c]) => s + c, 0));
  const exact = reference.offset === 0 && current.offset === 0 && refRest === 0 && curRest === 0;
  const distribution: Distribution = {
    keys,
    reference: keys.map((k) => refCounts.get(k) ?? 0),
    current: keys.map((k) => curCounts.get(k) ?? 0),
  };
  if (refRest > 0 || curRest > 0) {
    distribution.keys.push(OTHER_CATEGORY);
    distribution.reference.push(refRest);
    distribution.current.push(curRest);
  }
  return { ...distribution, exact };
}
