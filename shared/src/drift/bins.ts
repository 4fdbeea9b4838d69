// Equal-width histogram bins with numpy's semantics (`np.histogram_bin_edges(x, 10)`):
// bins are [e_i, e_i+1) except the last, which is closed. One pass cannot know the
// range, so profiles keep exact min/max and a quantile sketch; bins are derived from
// those when needed: exact while the sketch is exact, else within its rank error.
import { histogramCountsBelow } from './histogram.ts';
import { cumulativeSample, type SortedSample, weightAtOrBelow } from './sketch.ts';
import type { NumericColumnProfile } from './types.ts';

export const DEFAULT_BINS = 10;

/** `np.histogram_bin_edges` for range [min, max] and `n` bins (np.linspace arithmetic). */
export function histogramEdges(min: number, max: number, n = DEFAULT_BINS): number[] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / n;
  const edges: number[] = [];
  for (let i = 0; i < n; i++) edges.push(i * step + first);
  edges.push(last);
  return edges;
}

/** Weight of the sample in each bin of `edges`. */
export function histogramCounts(sample: SortedSample, edges: number[]): number[] {
  const counts: number[] = [];
  let below = weightAtOrBelow(sample, edges[0]!, true);
  for (let i = 1; i < edges.length; i++) {
    const last = i === edges.length - 1;
    const upTo = weightAtOrBelow(sample, edges[i]!, !last);
    counts.push(upTo - below);
    below = upTo;
  }
  return counts;
}

/**
 * The human-readable bins stored in a numeric column profile: exact from `exact` (a
 * sample holding every value) when given, else interpolated from the fine histogram,
 * which costs O(bins) and no sort (profiles are merged many times in a scan).
 */
export function equalWidthBins(column: NumericColumnProfile, exact: SortedSample | null): { edges: number[]; counts: number[] } {
  const edges = histogramEdges(column.min ?? 0, column.max ?? 0);
  if (exact !== null || column.histogram === null) return { edges, counts: histogramCounts(exact ?? cumulativeSample(new Float64Array(0), new Float64Array(0)), edges) };
  const below = histogramCountsBelow(column.histogram, column.min!, column.max!, edges);
  const counts: number[] = [];
  for (let i = 1; i < below.length; i++) counts.push(Math.round(below[i]!) - Math.round(below[i - 1]!));
  return { edges, counts };
}
