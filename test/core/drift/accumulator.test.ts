// The profile accumulator and mergeProfiles: exact counts and moments, bounded sketches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProfileAccumulator, mergeProfiles } from '../../../shared/src/drift/index.ts';
import { QuantileSketch } from '../../../shared/src/drift/sketch.ts';
import type { CategoricalColumnProfile, DatasetProfile, NumericColumnProfile, ProfileColumn } from '../../../shared/src/drift/types.ts';
import { seededRandom } from '../../support/random.ts';
import { worstRankError } from '../../support/rank-error.ts';

const columns: ProfileColumn[] = [
  { name: 'x', type: 'number' },
  { name: 'plan', type: 'string' },
  { name: 'ok', type: 'boolean' },
];

type Row = [number | null, string | null, boolean | null];

function profileOf(rows: Row[]): DatasetProfile {
  const acc = createProfileAccumulator(columns);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) acc.add(i, row[i]!);
    acc.endRow();
  }
  return acc.snapshot();
}

const rowArb = fc.tuple(
  fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
  fc.option(fc.constantFrom('basic', 'pro', 'enterprise', 'trial'), { nil: null }),
  fc.option(fc.boolean(), { nil: null }),
) as fc.Arbitrary<Row>;

function numeric(p: DatasetProfile, name: string): NumericColumnProfile {
  return p.columns[name] as NumericColumnProfile;
}

describe('createProfileAccumulator', () => {
  it('counts rows, nulls, min/max/mean/variance exactly (population variance, as np.var)', () => {
    const p = profileOf([
      [1, 'a', true],
      [2, null, false],
      [null, 'a', true],
      [6, 'b', null],
    ]);
    expect(p.rows).toBe(4);
    const x = numeric(p, 'x');
    expect(x).toMatchObject({ kind: 'numeric', count: 3, nulls: 1, min: 1, max: 6, mean: 3 });
    expect(x.variance).toBeCloseTo(((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 3, 12);
    expect(x.distinct).toEqual({ values: [1, 2, 6], counts: [1, 1, 1] });
    expect(p.columns.plan).toEqual({ kind: 'categorical', type: 'string', count: 3, nulls: 1, top: [['a', 2], ['b', 1]], offset: 0 });
    expect((p.columns.ok as CategoricalColumnProfile).top).toEqual([['true', 2], ['false', 1]]);
  });

  it('keeps ten equal-width bins for people: exact while small, interpolated from the histogram when large', () => {
    const small = numeric(profileOf([[1, 'a', true], [2, 'a', true], [6, 'a', true], [10, 'a', true]]), 'x');
    expect(small.bins).toEqual({ edges: [1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10], counts: [1, 1, 0, 0, 0, 1, 0, 0, 0, 1] });
    const rows: Row[] = [];
    for (let i = 0; i < 50_000; i++) rows.push([(i * 7919) % 10_007, 'a', true]);
    const large = numeric(profileOf(rows), 'x');
    expect(large.distinct).toBeNull();
    expect(large.bins!.counts.reduce((s, c) => s + c, 0)).toBe(50_000);
    // Nearly uniform over [0, 10006]: each bin holds about a tenth.
    for (const c of large.bins!.counts) expect(Math.abs(c - 5000)).toBeLessThan(60);
  });

  it('counts a boolean and its string spelling as one category', () => {
    const acc = createProfileAccumulator([{ name: 'flag', type: 'string' }]);
    for (const v of [true, 'true', false, 'true', 'maybe']) acc.add(0, v);
    expect((acc.snapshot().columns.flag as CategoricalColumnProfile).top).toEqual([['true', 3], ['false', 1], ['maybe', 1]]);
  });

  it('treats NaN and infinities in a numeric column as missing', () => {
    const p = profileOf([[Number.NaN, 'a', true], [Number.POSITIVE_INFINITY, 'a', true], [3, 'a', true]]);
    expect(numeric(p, 'x')).toMatchObject({ count: 1, nulls: 2, min: 3, max: 3 });
  });

  it('gives an all-null column null moments and an empty sketch', () => {
    const p = profileOf([[null, null, null], [null, null, null]]);
    expect(numeric(p, 'x')).toMatchObject({ count: 0, nulls: 2, min: null, max: null, mean: null, variance: null });
    expect(p.columns.plan).toMatchObject({ count: 0, nulls: 2, top: [] });
  });

  it('survives structured cloning (worker threads)', () => {
    const p = profileOf([[1, 'a', true]]);
    expect(structuredClone(p)).toEqual(p);
  });
});

describe('mergeProfiles', () => {
  it('equals the profile of the concatenation: exact counts, moments to 1e-9', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 300 }), fc.array(rowArb, { maxLength: 300 }), (a, b) => {
        const merged = mergeProfiles(profileOf(a), profileOf(b));
        const whole = profileOf([...a, ...b]);
        expect(merged.rows).toBe(whole.rows);
        const mx = numeric(merged, 'x');
        const wx = numeric(whole, 'x');
        expect([mx.count, mx.nulls, mx.min, mx.max]).toEqual([wx.count, wx.nulls, wx.min, wx.max]);
        if (wx.mean !== null) {
          expect(Math.abs(mx.mean! - wx.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wx.mean)));
          expect(Math.abs(mx.variance! - wx.variance!)).toBeLessThanOrEqual(1e-9 * Math.max(1, wx.variance!));
        }
        // Both sides hold <= 1024 values, so the sketches are exact: same sorted values.
        expect(QuantileSketch.fromJSON(mx.sketch).sorted()).toEqual(QuantileSketch.fromJSON(wx.sketch).sorted());
        expect(merged.columns.plan).toEqual(whole.columns.plan);
        expect(merged.columns.ok).toEqual(whole.columns.ok);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a merged column\'s sketch from the merged histogram while it is fine: the whole column\'s sketch', () => {
    const r = seededRandom(21);
    const rows: Row[] = Array.from({ length: 60_000 }, () => [r() * 1000 - 200, null, null]);
    const whole = numeric(profileOf(rows), 'x');
    const merged = numeric(mergeProfiles(profileOf(rows.slice(0, 25_000)), profileOf(rows.slice(25_000))), 'x');
    expect(merged.histogram).toEqual(whole.histogram);
    expect(merged.sketch).toEqual(whole.sketch);
    // A spike makes the histogram coarse: the sketches merge as sketches, within their bound.
    const spiky: Row[] = rows.map((row, i) => (i % 3 === 0 ? [42, null, null] : row));
    const spikyWhole = numeric(profileOf(spiky), 'x');
    const spikyMerged = numeric(mergeProfiles(profileOf(spiky.slice(0, 25_000)), profileOf(spiky.slice(25_000))), 'x');
    expect(spikyMerged.sketch).not.toEqual(spikyWhole.sketch);
    const values = spiky.map((row) => row[0]!);
    expect(worstRankError(spikyMerged.sketch, values, [0, 42, 41.9, 500])).toBeLessThanOrEqual(0.02);
  });

  it('keeps a column present on one side only, counting the other side as nulls', () => {
    const a = profileOf([[1, 'a', true]]);
    const b: DatasetProfile = { version: 1, rows: 5, columns: {} };
    const merged = mergeProfiles(a, b);
    expect(merged.rows).toBe(6);
    expect(numeric(merged, 'x')).toMatchObject({ count: 1, nulls: 5 });
  });
});
