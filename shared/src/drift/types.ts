// The reference-profile port between the data scanner (which sees every value once)
// and drift detection (which compares two profiles). Profiles are mergeable sketches,
// never raw data, and plain JSON so they cross worker threads and go into model cards.
import type { ColumnType } from '../data/types.ts';

export interface ProfileColumn {
  name: string;
  type: ColumnType;
}

/** A dataset's profile: JSON-serialisable, mergeable. Its inner shape belongs to drift/. */
export interface DatasetProfile {
  version: 1;
  rows: number;
  columns: Record<string, unknown>;
}

/**
 * Fed by the scanner with typed values: number for integer/number, epoch milliseconds
 * for date/timestamp, string for string, boolean for boolean, null for a missing value.
 */
export interface ProfileAccumulator {
  add(columnIndex: number, value: number | string | boolean | null): void;
  /** Called once per row after its values, so the profile counts rows. */
  endRow(): void;
  /** `endRow` for `count` rows at once (a scanner that counts its rows itself). */
  endRows(count: number): void;
  /** A structured-clone-safe snapshot, to send from a worker and merge. */
  snapshot(): DatasetProfile;
  /**
   * The hot path: one column's own adder, resolved once by the scanner so that each
   * value is one monomorphic call. Null when the column is not numeric (or not profiled).
   */
  numeric(columnIndex: number): NumericProfileSink | null;
  /** As `numeric`, for a string or boolean column. */
  categorical(columnIndex: number): CategoricalProfileSink | null;
}

/** A numeric, date or timestamp column's adder (dates as epoch milliseconds). */
export interface NumericProfileSink {
  /** NaN and infinities count as missing. */
  add(value: number): void;
  addNull(): void;
}

/** A string or boolean column's adder. */
export interface CategoricalProfileSink {
  add(value: string): void;
  /** `add` of `value`, `count` times in a row. */
  addCount(value: string, count: number): void;
  /** True while the counts do not depend on the order of values, so a scanner may count ahead and `addCount`. */
  orderFree(): boolean;
  /** `trues` values true and `falses` false (order does not matter). */
  addBooleans(trues: number, falses: number): void;
  /**
   * The next values, as UTF-8 texts buf[starts[i], ends[i]) for i < count (no string
   * made). Returns how many of the values right after them the column's sampler does
   * not look at: the caller passes those over and reports them with `passOver`. A column
   * is fed this way or by `add`, not both.
   */
  takeBytesMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): number;
  /** As `takeBytesMany`, for one value the caller has as a string. */
  takeText(value: string): number;
  /** Counts `count` values passed over as `takeBytesMany` and `takeText` asked. */
  passOver(count: number): void;
  addNull(): void;
  /** A hint from the scanner: about `count` values in all (its range's estimated rows). */
  expectValues(count: number): void;
}

/** A numeric, date or timestamp column (dates as epoch milliseconds). */
export interface NumericColumnProfile {
  kind: 'numeric';
  type: ColumnType;
  /** Non-null values. */
  count: number;
  /** Nulls, NaN and infinities. */
  nulls: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population variance (ddof = 0), as numpy's `np.var`. */
  variance: number | null;
  /** Exact counts when the column has at most DISTINCT_CAPACITY distinct values, else null. */
  distinct: { values: number[]; counts: number[] } | null;
  /** Mergeable quantile sketch (see sketch.ts). */
  sketch: { k: number; n: number; levels: string[] };
  /** Fine equal-width histogram, 1024 bins of width 2^exponent (see histogram.ts); null when empty. */
  histogram: { exponent: number; base: number; counts: number[] } | null;
  /** Ten equal-width bins over [min, max], derived from the sketch: for people, not for merging. */
  bins?: { edges: number[]; counts: number[] };
}

/** A string or boolean column. */
export interface CategoricalColumnProfile {
  kind: 'categorical';
  type: ColumnType;
  count: number;
  nulls: number;
  /** [value, count], most frequent first; at most KEEP_CATEGORIES entries. */
  top: Array<[string, number]>;
  /** Maximum undercount of any value's count; 0 means `top` is exact and complete. */
  offset: number;
}

export type ColumnProfile = NumericColumnProfile | CategoricalColumnProfile;

/** Options of a drift comparison: the spec's `drift` section plus per-column overrides. */
export type DriftMethod = 'auto' | 'ks' | 'chi2' | 'psi' | 'wasserstein' | 'jensenshannon';

export interface DriftOptions {
  method?: DriftMethod;
  /** Per column override of `method`. */
  columns?: Record<string, DriftMethod>;
  /** Dataset drifts when this share of compared columns drifts (default 0.5). */
  share?: number;
  /** Custom per-method thresholds. */
  thresholds?: Partial<Record<Exclude<DriftMethod, 'auto'>, number>>;
  /** One threshold for every column, whatever its method (the spec's `drift.threshold`). */
  threshold?: number;
  /** Compare only these columns (the spec's `drift.columns`); default: every column. */
  only?: string[];
}

export interface ColumnDrift {
  column: string;
  method: Exclude<DriftMethod, 'auto'> | 'none';
  /** Evidently's drift score: the p-value for ks/chi2, the distance for the others. */
  statistic: number | null;
  threshold: number;
  drifted: boolean;
  /** ok, warn (PSI between 0.1 and 0.25) or drift; `skipped` when not comparable. */
  verdict: 'ok' | 'warn' | 'drift' | 'skipped';
  p_value?: number;
  /** KS D or the chi-square statistic, when the method is a test. */
  test_statistic?: number | null;
  reference_rows: number;
  current_rows: number;
  /** Why a column was skipped or a method substituted. */
  note?: string;
  /** True when a sketch was approximate for this comparison (see docs/drift.md). */
  approximate?: boolean;
}

/** JSON per the CLI contract `{"drifted","share","columns":[...]}`, extra keys allowed. */
export interface DriftReport {
  drifted: boolean;
  /** Share of compared columns that drifted. */
  share: number;
  /** `drift.share` */
  threshold: number;
  columns: ColumnDrift[];
  reference_rows: number;
  current_rows: number;
}
