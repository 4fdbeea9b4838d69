// Category summaries: exact while small, bounded and still right about the frequent
// values when a column has many distinct values (purges and sampling), mergeable.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareProfiles, createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { clampCategory, DISTINCT_CHECK, FrequentValues, KEEP_CATEGORIES, mergeCategories, nthSmallest, SPARSE_COUNTED, SPARSE_FROM_VALUES, TRACK_CAPACITY } from '../../../shared/src/drift/frequent.ts';
import { seededRandom as random } from '../../support/random.ts';

/** n values from a Zipf-like law over `distinct` values: value k has weight 1/(k+1). */
function zipf(n: number, distinct: number, seed: number): string[] {
  const r = random(seed);
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < distinct; k++) {
    total += 1 / (k + 1);
    cumulative.push(total);
  }
  return Array.from({ length: n }, () => {
    const u = r() * total;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return `v${lo}`;
  });
}

function truth(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('FrequentValues', () => {
  it('samples an all-distinct column at once when many values are expected, and ramps up otherwise', () => {
    const feed = (f: FrequentValues, values: string[]) => {
      for (const v of values) f.add(v);
      return f.sampling;
    };
    const distinct = Array.from({ length: 3000 }, (_, i) => `id-${i}`);
    const hinted = new FrequentValues();
    hinted.expectValues(SPARSE_FROM_VALUES);
    // The DISTINCT_CHECK-th value decides: every value so far was distinct.
    expect(feed(hinted, distinct.slice(0, DISTINCT_CHECK - 1))).toBe(1);
    expect(feed(hinted, distinct.slice(DISTINCT_CHECK - 1, DISTINCT_CHECK))).toBe(64);
    expect(feed(hinted, distinct.slice(DISTINCT_CHECK))).toBe(64);
    // Told late (a scanner knows its range's size after its first chunk): the same.
    const late = new FrequentValues();
    feed(late, distinct);
    late.expectValues(SPARSE_FROM_VALUES);
    expect(feed(late, distinct.map((v) => `${v}-b`))).toBe(64);
    // Without the hint, below the threshold, or with a value repeated among the first DISTINCT_CHECK: the ramp.
    expect(feed(new FrequentValues(), distinct)).toBe(1);
    const few = new FrequentValues();
    few.expectValues(SPARSE_FROM_VALUES - 1);
    expect(feed(few, distinct)).toBe(1);
    const repeated = new FrequentValues();
    repeated.expectValues(SPARSE_FROM_VALUES);
    expect(feed(repeated, [...distinct.slice(0, DISTINCT_CHECK - 1), 'id-0', ...distinct.slice(DISTINCT_CHECK - 1)])).toBe(1);
    // Blocks grow with the values expected, so that about SPARSE_COUNTED are counted.
    for (const [expected, stride] of [
      [SPARSE_COUNTED * 64 * 2 - 1, 64],
      [SPARSE_COUNTED * 128, 128],
      [SPARSE_COUNTED * 1024 + 5, 1024],
    ] as const) {
      const large = new FrequentValues();
      large.expectValues(expected);
      expect(feed(large, distinct)).toBe(stride);
    }
  });

  it.each([SPARSE_FROM_VALUES, 4 * SPARSE_FROM_VALUES])('keeps a sampled-at-once identifier of %i values recognisable to drift', (rows) => {
    const profileOf = (prefix: string) => {
      const acc = createProfileAccumulator([{ name: 'customer', type: 'string' }]);
      acc.categorical(0)!.expectValues(rows);
      for (let i = 0; i < rows; i++) {
        acc.add(0, `${prefix}-${i}`);
        acc.endRow();
      }
      return acc.snapshot();
    };
    const reference = profileOf('ref');
    expect(reference.columns.customer).toMatchObject({ count: rows, nulls: 0 });
    const [column] = compareProfiles(reference, profileOf('cur')).columns;
    expect(column).toMatchObject({ verdict: 'skipped', note: expect.stringContaining('too many distinct values') });
  });

  it(`counts exactly up to ${TRACK_CAPACITY} distinct values`, () => {
    const values = zipf(50_000, 200, 1);
    const f = new FrequentValues();
    for (const v of values) f.add(v);
    const { top, offset } = f.snapshot();
    expect(offset).toBe(0);
    expect(new Map(top)).toEqual(truth(values));
  });

  it('keeps the frequent values of a 200,000-value Zipf column with 50,000 distinct values within 10%, in order', () => {
    const values = zipf(200_000, 50_000, 2);
    const f = new FrequentValues();
    for (const v of values) f.add(v);
    const { top, offset } = f.snapshot();
    expect(top.length).toBeLessThanOrEqual(KEEP_CATEGORIES);
    expect(offset).toBeGreaterThan(0);
    const counts = truth(values);
    const heaviest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const estimated = new Map(top);
    for (const [value, count] of heaviest) {
      expect(estimated.has(value), value).toBe(true);
      expect(Math.abs(estimated.get(value)! - count) / count, value).toBeLessThanOrEqual(0.1);
    }
    expect(top.slice(0, 3).map(([v]) => v)).toEqual(heaviest.slice(0, 3).map(([v]) => v));
  });

  it('merges by adding counts and offsets', () => {
    const a = { top: [['x', 5], ['y', 2]] as Array<[string, number]>, offset: 1 };
    const b = { top: [['y', 4], ['z', 1]] as Array<[string, number]>, offset: 2 };
    expect(mergeCategories(a, b)).toEqual({ top: [['y', 6], ['x', 5], ['z', 1]], offset: 3 });
  });

  it('stores a long value as a prefix and a hash, keeping distinct values distinct', () => {
    const long = 'a'.repeat(500);
    const clamped = clampCategory(long);
    expect(clamped.length).toBeLessThanOrEqual(120);
    expect(clamped).toMatch(/^a+…#[0-9a-f]{8}$/);
    expect(clampCategory(`${long}b`)).not.toBe(clamped);
    expect(clampCategory('short')).toBe('short');
  });
});

describe('nthSmallest (the median a purge cuts at)', () => {
  it('equals the k-th value of the sorted counts, repeats included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 6 }).map((c) => c * 64), fc.double({ min: 1, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 1100 }), fc.nat(), (counts, at) => {
        const k = at % counts.length;
        const sorted = [...counts].sort((a, b) => a - b);
        expect(nthSmallest(Float64Array.from(counts), k)).toBe(sorted[k]);
      }),
      { numRuns: 300 },
    );
  });
});
