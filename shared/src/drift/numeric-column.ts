// One numeric column's profile state (numbers, dates, timestamps). `add` is on the
// scanner's hot path, once per value: it only stores the value in a batch buffer. The
// work (moments, exact counts, histogram, sketch) runs per batch in tight loops over a
// Float64Array, where it costs a few nanoseconds per value instead of a dozen calls.
import type { ColumnType } from '../data/types.ts';
import { equalWidthBins } from './bins.ts';
import { DISTINCT_CAPACITY, DistinctCounts } from './distinct.ts';
import { exactSample, HISTOGRAM_PREFERRED_SHARE } from './distribution.ts';
import { FineHistogram, histogramSketch } from './histogram.ts';
import { EXACT_CAPACITY, QuantileSketch } from './sketch.ts';
import type { NumericColumnProfile, NumericProfileSink } from './types.ts';

/** Values buffered before a batch is processed: 8 KB, so the buffer stays in cache. */
export const NUMERIC_BATCH = 1024;
/**
 * The first batch is short, so that a scanner's code (compiled by the JIT within its
 * first few hundred rows) has seen a flush: a first flush at the 1,024th value would
 * throw that code away and compile it again.
 */
const FIRST_BATCH = 16;

// Scratch for a column's exact counts; JS runs each accumulator on one thread.
const scratchValues = new Float64Array(DISTINCT_CAPACITY);
const scratchCounts = new Float64Array(DISTINCT_CAPACITY);

export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The histogram of the exact counts held in the scratch arrays (`size` values, ascending). */
function countsHistogram(size: number): FineHistogram {
  const histogram = new FineHistogram();
  if (size > 0) histogram.addWeighted(scratchValues, scratchCounts, size, scratchValues[0]!, scratchValues[size - 1]!);
  return histogram;
}

export class NumericColumn implements NumericProfileSink {
  count = 0;
  nulls = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** NaN until the first value: doubles from the start (a field that starts as a small integer changes the object's shape at the first double). */
  mean = Number.NaN;
  m2 = Number.NaN;
  readonly distinct = new DistinctCounts();
  /**
   * While the exact counts hold (few distinct values), the histogram is not fed and the
   * sketch only up to EXACT_CAPACITY values: both follow from the counts, built from them
   * at a snapshot or when the counts overflow, then fed as usual.
   *
   * Past EXACT_CAPACITY values, while the histogram's largest bin holds under
   * HISTOGRAM_PREFERRED_SHARE of the values, the histogram is the better summary (drift
   * reads it, not the sketch): the sketch is null then, and is built from the histogram
   * at a snapshot, or when the histogram turns coarse, after which it is fed every value.
   * Feeding it (sorting its compactors) was the larger part of a numeric column's cost.
   */
  private sketch: QuantileSketch | null = new QuantileSketch();
  /** Set once the sketch is fed for good (the histogram was coarse past EXACT_CAPACITY values). */
  private sketchKept = false;
  private histogram = new FineHistogram();
  private pending = new Float64Array(FIRST_BATCH);
  private size = 0;

  /** A parsed value; NaN and infinities count as missing (no place in moments or ranks). */
  add(x: number): void {
    if (x - x === 0) {
      this.pending[this.size++] = x;
      if (this.size === this.pending.length) this.flush();
    } else {
      this.nulls++;
    }
  }

  addNull(): void {
    this.nulls++;
  }

  /** Processes the buffered values, in order. */
  flush(): void {
    const n = this.size;
    if (n === 0) return;
    this.size = 0;
    const values = this.pending;
    if (values.length < NUMERIC_BATCH) this.pending = new Float64Array(NUMERIC_BATCH);
    let lo = values[0]!;
    let hi = lo;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      sum += x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    this.moments(values, n, sum);
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
    if (this.distinct.overflow) {
      this.histogram.addMany(values, n, lo, hi);
      this.followHistogram(values, n);
      return;
    }
    // Verbatim values (an exact sketch) are kept as `add` keeps them: -0 stays -0.
    const before = this.count - n;
    if (this.count <= EXACT_CAPACITY) this.sketch!.addMany(values, n);
    const counted = this.distinct.addMany(values, n);
    if (counted === n) return;
    // values[counted] overflowed the counts, which hold every value before it.
    const rest = values.subarray(counted, n);
    let restLo = rest[0]!;
    let restHi = restLo;
    for (const x of rest) {
      if (x < restLo) restLo = x;
      if (x > restHi) restHi = x;
    }
    const size = this.distinct.entries(scratchValues, scratchCounts);
    this.histogram = countsHistogram(size);
    this.histogram.addMany(rest, rest.length, restLo, restHi);
    if (this.count > EXACT_CAPACITY) {
      if (this.histogramFine()) {
        this.sketch = null;
        return;
      }
      // Verbatim until this batch, the sketch takes all of it; else the counts stand for what came before.
      if (before + counted <= EXACT_CAPACITY) {
        this.sketch!.addMany(values, n);
      } else {
        this.sketch = QuantileSketch.fromCounts(scratchValues, scratchCounts, size);
        this.sketch.addMany(rest, rest.length);
      }
      this.sketchKept = true;
    }
  }

  /** True while the histogram's largest bin holds under HISTOGRAM_PREFERRED_SHARE of the values. */
  private histogramFine(): boolean {
    return this.histogram.largest < HISTOGRAM_PREFERRED_SHARE * this.count;
  }

  /** Feeds a batch, already in the histogram, to the sketch; or drops or builds the sketch. */
  private followHistogram(values: Float64Array, n: number): void {
    if (!this.sketchKept && this.count > EXACT_CAPACITY) {
      if (this.sketch !== null) {
        // The verbatim stage ends with this batch: drop the sketch before it compacts.
        if (this.histogramFine()) {
          this.sketch = null;
          return;
        }
        this.sketchKept = true;
      } else {
        if (this.histogramFine()) return;
        // The histogram turned coarse: the sketch starts from it (this batch included).
        this.sketch = this.histogramSketch();
        this.sketchKept = true;
        return;
      }
    }
    this.sketch!.addMany(values, n);
  }

  private histogramSketch(): QuantileSketch {
    return histogramSketch(this.histogram.toJSON(this.min, this.max), this.min, this.max);
  }

  /**
   * The batch's mean and squared deviations (two passes: stable for dates in epoch
   * milliseconds, ~1.7e12), folded in with Chan et al.'s parallel formula, as merges are.
   */
  private moments(values: Float64Array, n: number, sum: number): void {
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = values[i]! - mean;
      m2 += d * d;
    }
    if (!Number.isFinite(m2)) {
      // Values near ±1.8e308 overflow a sum: Welford's update keeps what it can.
      for (let i = 0; i < n; i++) this.welford(values[i]!);
      return;
    }
    if (this.count === 0) {
      this.count = n;
      this.mean = mean;
      this.m2 = m2;
      return;
    }
    const count = this.count + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / count;
    this.m2 += m2 + ((delta * delta * this.count) / count) * n;
    this.count = count;
  }

  private welford(x: number): void {
    const n = ++this.count;
    if (n === 1) {
      this.mean = x;
      this.m2 = 0;
      return;
    }
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  snapshot(type: ColumnType, rows: number): NumericColumnProfile {
    this.flush();
    // While the counts hold, the histogram (and past EXACT_CAPACITY values the sketch) follow from them.
    let sketch: QuantileSketch;
    let histogram: FineHistogram;
    let distinct: NumericColumnProfile['distinct'] = null;
    if (this.distinct.overflow) {
      sketch = this.sketch ?? this.histogramSketch();
      histogram = this.histogram;
    } else {
      const size = this.distinct.entries(scratchValues, scratchCounts);
      sketch = this.count > EXACT_CAPACITY ? QuantileSketch.fromCounts(scratchValues, scratchCounts, size) : this.sketch!;
      histogram = countsHistogram(size);
      distinct = { values: Array.from(scratchValues.subarray(0, size)), counts: Array.from(scratchCounts.subarray(0, size)) };
    }
    const empty = this.count === 0;
    const profile: NumericColumnProfile = {
      kind: 'numeric',
      type,
      count: this.count,
      nulls: Math.max(this.nulls, rows - this.count),
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      // Values near ±1.8e308 overflow the moments: null rather than a non-JSON infinity.
      mean: empty ? null : finiteOrNull(this.mean),
      variance: empty ? null : finiteOrNull(this.m2 / this.count),
      distinct,
      sketch: sketch.toJSON(),
      histogram: empty ? null : histogram.toJSON(this.min, this.max),
    };
    if (!empty) profile.bins = equalWidthBins(profile, exactSample(profile));
    return profile;
  }
}
