// A fine equal-width histogram whose range follows the data: 1024 bins of width 2^e,
// bin i covering [(base + i) 2^e, (base + i + 1) 2^e). A value outside the window
// widens it by doubling the width (adjacent bins add up), so it costs one multiply,
// one floor and one increment per value. The exponent is a function of min and max
// only (canonical at snapshot), so merging is exact: merge(a, b) = histogram(a ++ b).
// It complements the quantile sketch: its error at any point is at most one fine bin's
// mass, which is tiny in the tails where the sketch's additive rank error is not.

import { QuantileSketch } from './sketch.ts';

export const HISTOGRAM_BINS = 1024;
/** Resolution floor: a bin is never narrower than 2^-40 of the largest magnitude. */
const RELATIVE_BITS = 40;
const MIN_EXPONENT = -1000;

/** The JSON form: counts start at bin `base` (trailing zeros dropped). */
export interface HistogramJSON {
  exponent: number;
  base: number;
  counts: number[];
}

/**
 * floor(x * scale), also when the product underflows: a tiny negative value belongs to
 * bin -1, never to bin 0, so that re-binning (floor of floor) and direct binning agree.
 */
function binOf(x: number, scale: number): number {
  const y = Math.floor(x * scale);
  if (y === 0) return x < 0 ? -1 : 0;
  return y;
}

/** The canonical exponent for data in [min, max]: the finest that fits the window. */
export function canonicalExponent(min: number, max: number): number {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  // 2^-e must stay finite: subnormal magnitudes share the floor exponent -1000.
  let e = magnitude > 0 ? Math.max(MIN_EXPONENT, Math.floor(Math.log2(magnitude)) - RELATIVE_BITS) : MIN_EXPONENT;
  while (binOf(max, 2 ** -e) - binOf(min, 2 ** -e) >= HISTOGRAM_BINS) e++;
  return e;
}

export class FineHistogram {
  exponent = Number.NaN;
  base = 0;
  /** NaN until the first value, so that it always widens. */
  private scale = Number.NaN;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  counts = new Float64Array(HISTOGRAM_BINS);
  /**
   * The largest bin's count: how coarse the histogram is (see `largestBinShare`). -0, a
   * double from the start: weights are doubles, and a field that starts as a small
   * integer changes the object's shape (and deoptimizes the code using it) at the first.
   */
  largest = -0;

  add(x: number): void {
    const i = binOf(x, this.scale) - this.base;
    if (i >= 0 && i < HISTOGRAM_BINS) {
      const c = ++this.counts[i]!;
      if (c > this.largest) this.largest = c;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      return;
    }
    this.widen(x);
  }

  /**
   * Counts values[0, count), whose smallest and largest are `lo` and `hi`: the window is
   * widened once for both, so every value then falls inside it and the loop is a
   * multiply, a floor and an increment. The counts equal `add` on each value, since
   * binning is exact at any exponent and the canonical one depends on min and max only.
   */
  addMany(values: Float64Array, count: number, lo: number, hi: number): void {
    if (count === 0) return;
    this.fit(lo, hi);
    const counts = this.counts;
    const scale = this.scale;
    const base = this.base;
    let largest = this.largest;
    for (let i = 0; i < count; i++) {
      const x = values[i]!;
      let bin = Math.floor(x * scale);
      // As binOf: a negative value whose product underflows to -0 belongs to bin -1.
      if (bin === 0 && x < 0) bin = -1;
      // In the window, so an int32: `| 0` keeps V8 on its integer-index path (a double
      // index is several times slower).
      const c = ++counts[(bin - base) | 0]!;
      if (c > largest) largest = c;
    }
    this.largest = largest;
  }

  /** `addMany` for values[i] counted weights[i] times (the values within [lo, hi]). */
  addWeighted(values: Float64Array, weights: Float64Array, count: number, lo: number, hi: number): void {
    if (count === 0) return;
    this.fit(lo, hi);
    for (let i = 0; i < count; i++) {
      const bin = binOf(values[i]!, this.scale) - this.base;
      const c = this.counts[bin]! + weights[i]!;
      this.counts[bin] = c;
      if (c > this.largest) this.largest = c;
    }
  }

  /** Widens the window (once) so that [lo, hi] falls inside it, and takes them into min and max. */
  private fit(lo: number, hi: number): void {
    const first = binOf(lo, this.scale) - this.base;
    const last = binOf(hi, this.scale) - this.base;
    if (!(first >= 0 && last < HISTOGRAM_BINS)) {
      const min = Math.min(this.min, lo);
      this.rebin(canonicalExponent(min, Math.max(this.max, hi)), min);
    }
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
  }

  /** Re-bins to the canonical exponent of the range including x, then counts x. */
  private widen(x: number): void {
    const min = Math.min(this.min, x);
    const max = Math.max(this.max, x);
    this.rebin(canonicalExponent(min, max), min);
    this.min = min;
    this.max = max;
    const c = ++this.counts[binOf(x, this.scale) - this.base]!;
    if (c > this.largest) this.largest = c;
  }

  /** Coarsens to exponent `e` (never finer than now) with the window starting at `min`'s bin. */
  rebin(e: number, min: number): void {
    const base = binOf(min, 2 ** -e);
    const counts = new Float64Array(HISTOGRAM_BINS);
    if (!Number.isNaN(this.exponent)) {
      const shift = 2 ** (this.exponent - e);
      for (let i = 0; i < HISTOGRAM_BINS; i++) {
        const c = this.counts[i]!;
        if (c !== 0) counts[binOf(this.base + i, shift) - base]! += c;
      }
    }
    this.exponent = e;
    this.scale = 2 ** -e;
    this.base = base;
    this.counts = counts;
    this.largest = 0;
    for (const c of counts) if (c > this.largest) this.largest = c;
  }

  /** Canonical form for data in [min, max]. */
  toJSON(min: number, max: number): HistogramJSON {
    const e = canonicalExponent(min, max);
    if (e !== this.exponent || binOf(min, 2 ** -e) !== this.base) this.rebin(e, min);
    let end = HISTOGRAM_BINS;
    while (end > 0 && this.counts[end - 1] === 0) end--;
    return { exponent: this.exponent, base: this.base, counts: Array.from(this.counts.subarray(0, end)) };
  }
}

/** The histogram of two columns' values together, for data in [min, max]. */
export function mergeHistograms(a: HistogramJSON, b: HistogramJSON, min: number, max: number): HistogramJSON {
  const e = canonicalExponent(min, max);
  const merged = new FineHistogram();
  merged.rebin(e, min);
  for (const part of [a, b]) {
    const shift = 2 ** (part.exponent - e);
    for (let i = 0; i < part.counts.length; i++) {
      const c = part.counts[i]!;
      if (c !== 0) merged.counts[binOf(part.base + i, shift) - merged.base]! += c;
    }
  }
  return merged.toJSON(min, max);
}

/**
 * The histogram as a weighted sample: each bin's count spread over up to 8 points
 * evenly across the part of the bin inside [min, max], with integer weights. Its CDF
 * is within one bin's mass of the truth at every point.
 */
export function histogramSample(json: HistogramJSON, min: number, max: number): { values: Float64Array; weights: Float64Array } {
  const width = 2 ** json.exponent;
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < json.counts.length; i++) {
    const c = json.counts[i]!;
    if (c === 0) continue;
    const lo = Math.max((json.base + i) * width, min);
    const hi = Math.min((json.base + i + 1) * width, max);
    const parts = Math.min(c, 8);
    for (let j = 0; j < parts; j++) {
      const w = Math.floor(((j + 1) * c) / parts) - Math.floor((j * c) / parts);
      values.push(parts === 1 || hi <= lo ? (lo + hi) / 2 : lo + ((j + 0.5) * (hi - lo)) / parts);
      weights.push(w);
    }
  }
  return { values: Float64Array.from(values), weights: Float64Array.from(weights) };
}

/**
 * A quantile sketch of the histogram's values, spread evenly over the part of each bin
 * inside [min, max] (as `histogramSample`): within one fine bin's share plus n / 256 of
 * the truth at any point.
 */
export function histogramSketch(json: HistogramJSON, min: number, max: number): QuantileSketch {
  const width = 2 ** json.exponent;
  let n = 0;
  for (const c of json.counts) n += c;
  let bin = 0;
  let below = 0;
  return QuantileSketch.fromRanks(n, (rank) => {
    while (below + json.counts[bin]! < rank) below += json.counts[bin++]!;
    const lo = Math.max((json.base + bin) * width, min);
    const hi = Math.min((json.base + bin + 1) * width, max);
    return hi <= lo ? lo : lo + ((rank - below - 0.5) / json.counts[bin]!) * (hi - lo);
  });
}

/** The largest share of values in one bin: the histogram's error bound on a CDF. */
export function largestBinShare(json: HistogramJSON): number {
  let total = 0;
  let largest = 0;
  for (const c of json.counts) {
    total += c;
    if (c > largest) largest = c;
  }
  return total > 0 ? largest / total : 0;
}

/**
 * Values below each of `edges` (ascending; the last edge inclusive), assuming values
 * spread evenly over the part of each bin inside [min, max]: one pass over the bins,
 * with no sample to sort. A bin counts whole below the edges past its end and in part
 * below an edge inside it.
 */
export function histogramCountsBelow(json: HistogramJSON, min: number, max: number, edges: number[]): number[] {
  const width = 2 ** json.exponent;
  const n = edges.length;
  const below = new Array<number>(n).fill(0);
  // wholeFrom[k]: the count of bins whose end is below edge k but not below edge k - 1.
  const wholeFrom = new Float64Array(n + 1);
  let total = 0;
  let inside = 0;
  let past = 0;
  for (let i = 0; i < json.counts.length; i++) {
    const c = json.counts[i]!;
    if (c === 0) continue;
    total += c;
    const lo = Math.max((json.base + i) * width, min);
    const hi = Math.min((json.base + i + 1) * width, max);
    while (inside < n && edges[inside]! <= lo) inside++;
    while (past < n && edges[past]! <= hi) past++;
    wholeFrom[past]! += c;
    for (let k = inside; k < past; k++) below[k]! += (c * (edges[k]! - lo)) / (hi - lo);
  }
  let whole = 0;
  for (let k = 0; k < n; k++) {
    whole += wholeFrom[k]!;
    below[k]! += whole;
  }
  if (n > 0 && edges[n - 1]! >= max) below[n - 1] = total;
  return below;
}
