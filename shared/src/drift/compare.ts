// Compares a current profile with a reference profile, column by column, with
// Evidently's default method choice and thresholds, and decides dataset drift.
import { categoricalDistribution, numericDistribution, numericSample } from './distribution.ts';
import { chiSquare, jensenShannonDistance, ksTwoSample, populationStabilityIndex, wassersteinDistance } from './stats.ts';
import type { CategoricalColumnProfile, ColumnDrift, ColumnProfile, DatasetProfile, DriftMethod, DriftOptions, DriftReport, NumericColumnProfile } from './types.ts';

type Method = Exclude<DriftMethod, 'auto'>;

/** Evidently's default thresholds; PSI's is the failing one (0.1 only warns). */
export const DEFAULT_THRESHOLDS: Record<Method, number> = { ks: 0.05, chi2: 0.05, wasserstein: 0.1, jensenshannon: 0.1, psi: 0.25 };
export const PSI_WARN = 0.1;
export const DEFAULT_SHARE = 0.5;
/** Evidently switches from tests to distances above this many reference values. */
export const SMALL_REFERENCE_ROWS = 1000;
/** Evidently's floor for the reference std in the Wasserstein normalisation (a constant column). */
export const MIN_STD = 0.001;
const IDENTIFIER_MIN_VALUES = 20;
const HIGH_CARDINALITY_SHARE = 0.001;

function chooseMethod(requested: DriftMethod, numeric: boolean, referenceCount: number): { method: Method; note?: string } {
  const small = referenceCount <= SMALL_REFERENCE_ROWS;
  const auto: Method = numeric ? (small ? 'ks' : 'wasserstein') : small ? 'chi2' : 'jensenshannon';
  if (requested === 'auto') return { method: auto };
  if (!numeric && (requested === 'ks' || requested === 'wasserstein')) {
    return { method: auto, note: `${requested} needs a numeric column; used ${auto}` };
  }
  return { method: requested };
}

function skipped(column: string, reference: ColumnProfile | undefined, current: ColumnProfile | undefined, note: string): ColumnDrift {
  return {
    column,
    method: 'none',
    statistic: null,
    threshold: 0,
    drifted: false,
    verdict: 'skipped',
    reference_rows: reference?.count ?? 0,
    current_rows: current?.count ?? 0,
    note,
  };
}

/**
 * Why a string column has no distribution worth comparing, or undefined: every value
 * distinct (an identifier), or so many distinct values that even the most frequent is
 * under 0.1% (its top categories would say nothing; the rest is one "other" bucket).
 */
function uncomparable(column: CategoricalColumnProfile): string | undefined {
  if (column.count < IDENTIFIER_MIN_VALUES) return undefined;
  const top = column.top[0]?.[1] ?? 0;
  if (top <= 1) return 'every reference value is distinct (an identifier): its distribution cannot drift; leave it out of drift.columns';
  if (column.offset > 0 && top / column.count < HIGH_CARDINALITY_SHARE) {
    return `too many distinct values to compare: the most frequent holds ${+((top / column.count) * 100).toPrecision(2)}% of the reference (an identifier or free text?); leave it out of drift.columns`;
  }
  return undefined;
}

function compareColumn(name: string, reference: ColumnProfile, current: ColumnProfile, options: DriftOptions): ColumnDrift {
  if (reference.kind !== current.kind) {
    return skipped(name, reference, current, `column is ${reference.kind} in the reference and ${current.kind} in the current data`);
  }
  if (reference.count === 0) return skipped(name, reference, current, 'no non-null values in the reference');
  if (current.count === 0) return skipped(name, reference, current, 'no non-null values in the current data');
  const why = reference.kind === 'categorical' ? uncomparable(reference) : undefined;
  if (why) return skipped(name, reference, current, why);
  const numeric = reference.kind === 'numeric';
  const requested = options.columns?.[name] ?? options.method ?? 'auto';
  const { method, note } = chooseMethod(requested, numeric, reference.count);
  const threshold = options.threshold ?? options.thresholds?.[method] ?? DEFAULT_THRESHOLDS[method];
  const result: ColumnDrift = {
    column: name,
    method,
    statistic: 0,
    threshold,
    drifted: false,
    verdict: 'ok',
    reference_rows: reference.count,
    current_rows: current.count,
  };
  if (note) result.note = note;
  const distribution = () =>
    reference.kind === 'numeric' ? numericDistribution(reference, current as NumericColumnProfile) : categoricalDistribution(reference, current as CategoricalColumnProfile);
  let exact = true;
  if (method === 'ks' || method === 'wasserstein') {
    const ref = numericSample(reference as NumericColumnProfile);
    const cur = numericSample(current as NumericColumnProfile);
    exact = ref.exact && cur.exact;
    if (method === 'ks') {
      const ks = ksTwoSample(ref.sample, cur.sample);
      Object.assign(result, { statistic: ks.pValue, p_value: ks.pValue, test_statistic: ks.statistic, drifted: ks.pValue <= threshold });
    } else {
      const std = Math.sqrt((reference as NumericColumnProfile).variance ?? 0);
      const norm = Math.max(std, MIN_STD);
      result.statistic = wassersteinDistance(ref.sample, cur.sample) / norm;
      result.drifted = result.statistic >= threshold;
      if (std < MIN_STD) result.note = `reference std ${std} is below ${MIN_STD}: normalised by ${MIN_STD}`;
    }
  } else {
    const d = distribution();
    exact = d.exact;
    if (method === 'chi2') {
      const chi = chiSquare(d);
      Object.assign(result, { statistic: chi.pValue, p_value: chi.pValue, test_statistic: chi.statistic, drifted: chi.pValue < threshold });
    } else if (method === 'jensenshannon') {
      result.statistic = jensenShannonDistance(d);
      result.drifted = result.statistic >= threshold;
    } else {
      result.statistic = populationStabilityIndex(d);
      result.drifted = result.statistic >= threshold;
      if (!result.drifted && result.statistic >= Math.min(PSI_WARN, threshold)) result.verdict = 'warn';
    }
  }
  // A distance can overflow on extreme values (1e305 over a 0.001 floor): keep it a JSON number.
  if (result.statistic === Number.POSITIVE_INFINITY) result.statistic = Number.MAX_VALUE;
  if (result.drifted) result.verdict = 'drift';
  if (!exact) result.approximate = true;
  return result;
}

/** The drift report of `current` against `reference`. Columns on one side only are reported, not compared. */
export function compareProfiles(reference: DatasetProfile, current: DatasetProfile, options: DriftOptions = {}): DriftReport {
  const refColumns = reference.columns as Record<string, ColumnProfile>;
  const curColumns = current.columns as Record<string, ColumnProfile>;
  const names = options.only ?? [...new Set([...Object.keys(refColumns), ...Object.keys(curColumns)])];
  const columns = names.map((name) => {
    const ref = refColumns[name];
    const cur = curColumns[name];
    if (ref === undefined && cur === undefined) return skipped(name, ref, cur, 'in neither profile');
    if (ref === undefined) return skipped(name, ref, cur, 'not in the reference profile');
    if (cur === undefined) return skipped(name, ref, cur, 'missing from the current data');
    return compareColumn(name, ref, cur, options);
  });
  const compared = columns.filter((c) => c.verdict !== 'skipped');
  const drifted = compared.filter((c) => c.drifted).length;
  const share = compared.length === 0 ? 0 : drifted / compared.length;
  const threshold = options.share ?? DEFAULT_SHARE;
  return {
    drifted: compared.length > 0 && share >= threshold,
    share,
    threshold,
    columns,
    reference_rows: reference.rows,
    current_rows: current.rows,
  };
}
