// compareProfiles: Evidently's method choice, thresholds, dataset share, and bad input
// (columns on one side only, all-null and constant columns, empty current data).
import { describe, expect, it } from 'vitest';
import { compareProfiles, createProfileAccumulator, driftOptionsFromSpec, driftOutcome, driftSummaryMarkdown } from '../../../shared/src/drift/index.ts';
import type { DatasetProfile, ProfileColumn } from '../../../shared/src/drift/types.ts';
import { seededRandom as random } from '../../support/random.ts';

function profile(columns: ProfileColumn[], rows: Array<Array<number | string | boolean | null>>): DatasetProfile {
  const acc = createProfileAccumulator(columns);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) acc.add(i, row[i]!);
    acc.endRow();
  }
  return acc.snapshot();
}

const cols: ProfileColumn[] = [
  { name: 'age', type: 'integer' },
  { name: 'spend', type: 'number' },
  { name: 'plan', type: 'string' },
];

function sample(n: number, seed: number, shift: number) {
  const r = random(seed);
  const plans = ['basic', 'pro', 'enterprise'];
  return Array.from({ length: n }, () => [Math.floor(18 + r() * 60), r() * 100 + shift * 40, plans[Math.floor(r() ** (1 + shift) * 3)]!]);
}

describe('compareProfiles', () => {
  it('picks KS and chi-square up to 1000 reference values, Wasserstein and Jensen-Shannon above', () => {
    const small = compareProfiles(profile(cols, sample(500, 1, 0)), profile(cols, sample(500, 2, 0)));
    expect(small.columns.map((c) => c.method)).toEqual(['ks', 'ks', 'chi2']);
    const large = compareProfiles(profile(cols, sample(1001, 1, 0)), profile(cols, sample(500, 2, 0)));
    expect(large.columns.map((c) => c.method)).toEqual(['wasserstein', 'wasserstein', 'jensenshannon']);
    expect(large.columns.map((c) => c.threshold)).toEqual([0.1, 0.1, 0.1]);
  });

  it('finds no drift between samples of one distribution and drift after a shift', () => {
    const same = compareProfiles(profile(cols, sample(2000, 1, 0)), profile(cols, sample(2000, 2, 0)));
    expect(same.drifted).toBe(false);
    expect(same.columns.every((c) => !c.drifted)).toBe(true);
    const shifted = compareProfiles(profile(cols, sample(2000, 1, 0)), profile(cols, sample(2000, 2, 1)));
    expect(shifted.columns.map((c) => c.drifted)).toEqual([false, true, true]);
    expect(shifted.share).toBeCloseTo(2 / 3, 12);
    expect(shifted.drifted).toBe(true);
    expect(compareProfiles(profile(cols, sample(2000, 1, 0)), profile(cols, sample(2000, 2, 1)), { share: 0.9 }).drifted).toBe(false);
  });

  it('warns on PSI between 0.1 and 0.25 and drifts at 0.25', () => {
    const psi = (a: number, b: number) => {
      const ref = profile([{ name: 'p', type: 'string' }], [...Array(50).fill(['x']), ...Array(50).fill(['y'])]);
      const cur = profile([{ name: 'p', type: 'string' }], [...Array(a).fill(['x']), ...Array(b).fill(['y'])]);
      return compareProfiles(ref, cur, { method: 'psi' }).columns[0]!;
    };
    expect(psi(50, 50)).toMatchObject({ verdict: 'ok', drifted: false, statistic: 0 });
    // (0.5-0.65) ln(0.5/0.65) + (0.5-0.35) ln(0.5/0.35) = 0.0929; 0.7/0.3 gives 0.1695; 0.8/0.2 gives 0.4159
    expect(psi(65, 35).verdict).toBe('ok');
    expect(psi(70, 30)).toMatchObject({ verdict: 'warn', drifted: false });
    expect(psi(80, 20)).toMatchObject({ verdict: 'drift', drifted: true, threshold: 0.25 });
  });

  it('reports columns present on one side only instead of failing, and leaves them out of the share', () => {
    const ref = profile([{ name: 'a', type: 'number' }, { name: 'old', type: 'number' }], [[1, 2], [2, 3], [3, 4]]);
    const cur = profile([{ name: 'a', type: 'number' }, { name: 'new', type: 'string' }], [[1, 'x'], [2, 'y'], [3, 'z']]);
    const report = compareProfiles(ref, cur);
    expect(report.columns.map((c) => [c.column, c.verdict, c.note])).toEqual([
      ['a', 'ok', undefined],
      ['old', 'skipped', 'missing from the current data'],
      ['new', 'skipped', 'not in the reference profile'],
    ]);
    expect(report.share).toBe(0);
  });

  it('skips an all-null column with a reason', () => {
    const ref = profile([{ name: 'x', type: 'number' }], [[null], [null]]);
    const cur = profile([{ name: 'x', type: 'number' }], [[1], [2]]);
    expect(compareProfiles(ref, cur).columns[0]).toMatchObject({ verdict: 'skipped', note: 'no non-null values in the reference', statistic: null });
    expect(compareProfiles(cur, ref).columns[0]).toMatchObject({ verdict: 'skipped', note: 'no non-null values in the current data' });
  });

  it('normalises Wasserstein by 0.001 when the reference is constant (std 0), as Evidently', () => {
    const ref = profile([{ name: 'x', type: 'number' }], Array(1200).fill([5]));
    const cur = profile([{ name: 'x', type: 'number' }], [...Array(90).fill([5]), ...Array(10).fill([5.0001])]);
    const column = compareProfiles(ref, cur).columns[0]!;
    expect(column.method).toBe('wasserstein');
    // W = 0.1 * 0.0001 = 1e-5; / 0.001 = 0.01
    expect(column.statistic).toBeCloseTo(0.01, 9);
    expect(column.drifted).toBe(false);
    expect(column.note).toContain('below 0.001');
    const same = compareProfiles(ref, profile([{ name: 'x', type: 'number' }], Array(10).fill([5]))).columns[0]!;
    expect(same).toMatchObject({ statistic: 0, drifted: false });
  });

  it('compares nothing when the current data is empty, and says so per column', () => {
    const report = compareProfiles(profile(cols, sample(100, 1, 0)), profile(cols, []));
    expect(report.columns.every((c) => c.verdict === 'skipped' && c.note === 'no non-null values in the current data')).toBe(true);
    expect(report).toMatchObject({ drifted: false, share: 0, current_rows: 0 });
  });

  it('skips an identifier column (every reference value distinct) instead of reporting noise', () => {
    const ids = (n: number, from: number) => Array.from({ length: n }, (_, i) => [`c${from + i}`]);
    const report = compareProfiles(profile([{ name: 'id', type: 'string' }], ids(500, 0)), profile([{ name: 'id', type: 'string' }], ids(500, 500)));
    expect(report.columns[0]).toMatchObject({ verdict: 'skipped', drifted: false });
    expect(report.columns[0]!.note).toContain('identifier');
  });

  it('skips a string column with so many distinct values that its top categories say nothing', () => {
    const r = random(9);
    const rows = Array.from({ length: 200_000 }, () => [`zip-${Math.floor(r() * 40_000)}`]);
    const p = profile([{ name: 'zip', type: 'string' }], rows);
    const column = compareProfiles(p, p).columns[0]!;
    expect(column.verdict).toBe('skipped');
    expect(column.note).toMatch(/^too many distinct values to compare: the most frequent holds 0\.0\d+% of the reference/);
  });

  it('substitutes a categorical method when KS or Wasserstein is asked of a string column', () => {
    const p = profile([{ name: 'plan', type: 'string' }], [['a'], ['b']]);
    expect(compareProfiles(p, p, { method: 'ks' }).columns[0]).toMatchObject({ method: 'chi2', note: 'ks needs a numeric column; used chi2' });
  });

  it('applies drift.method, drift.threshold, drift.columns and drift.share from the spec', () => {
    const options = driftOptionsFromSpec({ reference: 'train', current: 'live', method: 'psi', threshold: 0.5, columns: ['plan', 'gone'], share: 0.25 });
    const report = compareProfiles(profile(cols, sample(300, 1, 0)), profile(cols, sample(300, 2, 1)), options);
    expect(report.columns.map((c) => [c.column, c.method, c.threshold])).toEqual([
      ['plan', 'psi', 0.5],
      ['gone', 'none', 0],
    ]);
    expect(report.threshold).toBe(0.25);
  });

  it('turns on-drift into an action and an exit code', () => {
    const drifted = { drifted: true } as never;
    expect(driftOutcome(drifted)).toEqual({ action: 'retrain', exitCode: 1 });
    expect(driftOutcome(drifted, 'fail')).toEqual({ action: 'fail', exitCode: 1 });
    expect(driftOutcome(drifted, 'alert')).toEqual({ action: 'alert', exitCode: 0 });
    expect(driftOutcome({ drifted: false } as never, 'fail')).toEqual({ action: null, exitCode: 0 });
  });
});

describe('driftSummaryMarkdown', () => {
  it('has the verdict, a table row per column and a Mermaid bar chart of the statistic', () => {
    const report = compareProfiles(profile(cols, sample(2000, 1, 0)), profile(cols, sample(2000, 2, 1)));
    const md = driftSummaryMarkdown(report);
    expect(md).toContain('## ⚠️ Data drift');
    expect(md).toContain('Dataset drift: 2 of 3 columns drifted');
    expect(md).toMatch(/\| spend \| wasserstein \| [\d.]+ ≈ \| ≥ 0.1 \| drift \|/);
    expect(md).toContain("≈ computed from a sketch");
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('x-axis ["age (wasserstein)", "spend (wasserstein)", "plan (jensenshannon)"]');
    const bar = /bar \[([^\]]+)\]/.exec(md)![1]!.split(', ').map(Number);
    expect(bar).toHaveLength(3);
    bar.forEach((v, i) => {
      expect(v).toBeCloseTo(report.columns[i]!.statistic!, 5);
    });
  });
});
