// Builds a DatasetProfile in the scanner's single pass. `add` is on the hot path
// (tens of millions of calls): per-column state lives in typed arrays and plain
// objects created up front, and a numeric value never allocates.
import type { ColumnType } from '../data/types.ts';
import { equalWidthBins } from './bins.ts';
import { DistinctCounts } from './distinct.ts';
import { exactSample } from './distribution.ts';
import { FrequentValues, trimCategories } from './frequent.ts';
import { FineHistogram } from './histogram.ts';
import { QuantileSketch } from './sketch.ts';
import type { CategoricalColumnProfile, DatasetProfile, NumericColumnProfile, ProfileAccumulator, ProfileColumn } from './types.ts';

export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function isNumericType(type: ColumnType): boolean {
  return type === 'integer' || type === 'number' || type === 'date' || type === 'timestamp';
}

class NumericState {
  count = 0;
  nulls = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  mean = 0;
  m2 = 0;
  readonly distinct = new DistinctCounts();
  readonly sketch = new QuantileSketch();
  readonly histogram = new FineHistogram();

  add(x: number): void {
    // Welford's update: stable for dates in epoch milliseconds (~1.7e12).
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (!this.distinct.overflow) this.distinct.add(x);
    this.sketch.add(x);
    this.histogram.add(x);
  }

  snapshot(type: ColumnType, rows: number): NumericColumnProfile {
    const empty = this.count === 0;
    const distinct = this.distinct.snapshot();
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
      sketch: this.sketch.toJSON(),
      histogram: empty ? null : this.histogram.toJSON(this.min, this.max),
    };
    if (!empty) profile.bins = equalWidthBins(profile, exactSample(profile));
    return profile;
  }
}

class CategoricalState {
  count = 0;
  nulls = 0;
  trues = 0;
  falses = 0;
  readonly frequent = new FrequentValues();

  add(value: string | number | boolean): void {
    this.count++;
    if (value === true) this.trues++;
    else if (value === false) this.falses++;
    else this.frequent.add(typeof value === 'string' ? value : String(value));
  }

  /** A non-null value the sampler skips: counted, never decoded. */
  addUnseen(): void {
    this.count++;
    this.frequent.skip();
  }

  snapshot(type: ColumnType, rows: number): CategoricalColumnProfile {
    const counts = this.frequent.snapshot();
    const booleans: Array<[string, number]> = [];
    if (this.trues > 0) booleans.push(['true', this.trues]);
    if (this.falses > 0) booleans.push(['false', this.falses]);
    // A string 'true' and a boolean true are one category (trimCategories adds them up).
    const { top, offset } = trimCategories([...counts.top, ...booleans], counts.offset);
    return { kind: 'categorical', type, count: this.count, nulls: Math.max(this.nulls, rows - this.count), top, offset };
  }
}

class Accumulator implements ProfileAccumulator {
  private rows = 0;
  private readonly numeric: Array<NumericState | undefined>;
  private readonly categorical: Array<CategoricalState | undefined>;

  constructor(private readonly columns: ProfileColumn[]) {
    this.numeric = columns.map((c) => (isNumericType(c.type) ? new NumericState() : undefined));
    this.categorical = columns.map((c) => (isNumericType(c.type) ? undefined : new CategoricalState()));
  }

  add(columnIndex: number, value: number | string | boolean | null): void {
    const numeric = this.numeric[columnIndex];
    if (numeric !== undefined) {
      // NaN and infinities count as missing: they have no place in moments or ranks.
      if (typeof value === 'number' && value - value === 0) numeric.add(value);
      else numeric.nulls++;
      return;
    }
    const categorical = this.categorical[columnIndex];
    if (categorical === undefined) return;
    if (value === null) categorical.nulls++;
    else categorical.add(value);
  }

  wants(columnIndex: number): boolean {
    const categorical = this.categorical[columnIndex];
    return categorical === undefined || categorical.frequent.wants();
  }

  addUnseen(columnIndex: number): void {
    const categorical = this.categorical[columnIndex];
    if (categorical !== undefined) categorical.addUnseen();
  }

  endRow(): void {
    this.rows++;
  }

  snapshot(): DatasetProfile {
    const columns: DatasetProfile['columns'] = {};
    this.columns.forEach((column, i) => {
      const state = this.numeric[i] ?? this.categorical[i]!;
      columns[column.name] = state.snapshot(column.type, this.rows);
    });
    return { version: 1, rows: this.rows, columns };
  }
}

/** A profile accumulator for `columns`, indexed as the scanner passes them. */
export function createProfileAccumulator(columns: ProfileColumn[]): ProfileAccumulator {
  return new Accumulator(columns);
}
