// Merges two dataset profiles as if their rows had been scanned in one pass: counts
// add, moments combine with Chan et al.'s parallel formula, sketches and category
// summaries merge within their error bounds. Used to combine worker-thread snapshots.
import { DISTINCT_CAPACITY } from './distinct.ts';
import { equalWidthBins } from './bins.ts';
import { finiteOrNull } from './numeric-column.ts';
import { exactSample, histogramPreferred } from './distribution.ts';
import { mergeCategories } from './frequent.ts';
import { histogramSketch, mergeHistograms } from './histogram.ts';
import { EXACT_CAPACITY, QuantileSketch } from './sketch.ts';
import type { CategoricalColumnProfile, ColumnProfile, DatasetProfile, NumericColumnProfile } from './types.ts';

function mergeDistinct(a: NumericColumnProfile['distinct'], b: NumericColumnProfile['distinct']): NumericColumnProfile['distinct'] {
  if (a === null || b === null) return null;
  const counts = new Map<number, number>();
  for (const side of [a, b]) {
    side.values.forEach((v, i) => {
      counts.set(v, (counts.get(v) ?? 0) + side.counts[i]!);
    });
  }
  if (counts.size > DISTINCT_CAPACITY) return null;
  const values = [...counts.keys()].sort((x, y) => x - y);
  return { values, counts: values.map((v) => counts.get(v)!) };
}

export function mergeNumeric(a: NumericColumnProfile, b: NumericColumnProfile): NumericColumnProfile {
  const count = a.count + b.count;
  let mean: number | null = null;
  let variance: number | null = null;
  if (a.count === 0) {
    mean = b.mean;
    variance = b.variance;
  } else if (b.count === 0) {
    mean = a.mean;
    variance = a.variance;
  } else if (a.mean === null || b.mean === null || a.variance === null || b.variance === null) {
    // One side's moments overflowed: so do the merged ones.
    mean = null;
    variance = null;
  } else {
    const delta = b.mean - a.mean;
    mean = finiteOrNull(a.mean + (delta * b.count) / count);
    const m2 = a.variance * a.count + b.variance * b.count + (delta * delta * a.count * b.count) / count;
    variance = finiteOrNull(m2 / count);
  }
  const min = a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min);
  const max = a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max);
  const distinct = mergeDistinct(a.distinct, b.distinct);
  const histogram = a.histogram === null ? b.histogram : b.histogram === null ? a.histogram : mergeHistograms(a.histogram, b.histogram, min!, max!);
  // As one column's profile: past the verbatim stage, a fine histogram stands for the sketch.
  const fromHistogram = distinct === null && histogram !== null && count > EXACT_CAPACITY && histogramPreferred(histogram);
  let sketch: QuantileSketch;
  if (fromHistogram) {
    sketch = histogramSketch(histogram, min!, max!);
  } else {
    sketch = QuantileSketch.fromJSON(a.sketch);
    sketch.merge(QuantileSketch.fromJSON(b.sketch));
  }
  const merged: NumericColumnProfile = {
    kind: 'numeric',
    type: a.type,
    count,
    nulls: a.nulls + b.nulls,
    min,
    max,
    mean,
    variance,
    distinct,
    sketch: sketch.toJSON(),
    histogram,
  };
  if (count > 0) merged.bins = equalWidthBins(merged, exactSample(merged));
  return merged;
}

export function mergeCategorical(a: CategoricalColumnProfile, b: CategoricalColumnProfile): CategoricalColumnProfile {
  const { top, offset } = mergeCategories(a, b);
  return { kind: 'categorical', type: a.type, count: a.count + b.count, nulls: a.nulls + b.nulls, top, offset };
}

/** A column seen on one side only: the other side's rows were all missing in it. */
function withExtraNulls(column: ColumnProfile, rows: number): ColumnProfile {
  return { ...column, nulls: column.nulls + rows };
}

/** The profile of `a`'s rows followed by `b`'s rows. */
export function mergeProfiles(a: DatasetProfile, b: DatasetProfile): DatasetProfile {
  const columns: DatasetProfile['columns'] = {};
  const left = a.columns as Record<string, ColumnProfile>;
  const right = b.columns as Record<string, ColumnProfile>;
  for (const name of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const x = left[name];
    const y = right[name];
    if (x === undefined) columns[name] = withExtraNulls(y!, a.rows);
    else if (y === undefined) columns[name] = withExtraNulls(x, b.rows);
    else if (x.kind === 'numeric' && y.kind === 'numeric') columns[name] = mergeNumeric(x, y);
    else if (x.kind === 'categorical' && y.kind === 'categorical') columns[name] = mergeCategorical(x, y);
    else throw new TypeError(`cannot merge column '${name}': it is ${x.kind} in one profile and ${y.kind} in the other`);
  }
  return { version: 1, rows: a.rows + b.rows, columns };
}
