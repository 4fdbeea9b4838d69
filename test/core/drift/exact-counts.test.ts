// While a numeric column's exact counts hold (few distinct values), its histogram and
// (past EXACT_CAPACITY values) its sketch are built from the counts instead of value by
// value: the histogram must equal the directly built one, the sketch must hold the same
// total weight within the sketch's rank error, and a column whose counts overflow must
// continue as if it had been fed value by value.
import { describe, expect, it } from 'vitest';
import { FineHistogram } from '../../../shared/src/drift/histogram.ts';
import { NumericColumn } from '../../../shared/src/drift/numeric-column.ts';
import { EXACT_CAPACITY, QuantileSketch, type QuantileSketchJSON } from '../../../shared/src/drift/sketch.ts';
import { seededRandom as random } from '../../support/random.ts';
import { worstRankError } from '../../support/rank-error.ts';

function directHistogram(values: number[]) {
  const h = new FineHistogram();
  for (const v of values) h.add(v);
  return h.toJSON(values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b)));
}

function directSketch(values: number[]): QuantileSketchJSON {
  const s = new QuantileSketch();
  for (const v of values) s.add(v);
  return s.toJSON();
}


function profileOf(values: number[]) {
  const column = new NumericColumn();
  for (const v of values) column.add(v);
  return column.snapshot('number', values.length);
}

describe('a numeric column profiled from its exact counts', () => {
  it('has the directly built histogram and a sketch within 2% rank error (few distinct values)', () => {
    for (const [n, distinct, seed] of [
      [5000, 3, 1],
      [100_000, 80, 2],
      [700_000, 256, 3],
    ] as const) {
      const r = random(seed);
      const values = Array.from({ length: n }, () => 18 + Math.floor(r() ** 2 * distinct));
      const profile = profileOf(values);
      expect(profile.distinct).not.toBeNull();
      expect(profile.histogram).toEqual(directHistogram(values));
      expect(profile.sketch.n).toBe(n);
      const probes = Array.from({ length: distinct + 2 }, (_, i) => 17 + i);
      expect(worstRankError(profile.sketch, values, probes)).toBeLessThanOrEqual(0.02);
    }
  });

  it('keeps the exact sketch as value-by-value feeding does up to EXACT_CAPACITY values, -0 included', () => {
    const r = random(4);
    const values = Array.from({ length: EXACT_CAPACITY }, () => (r() < 0.1 ? -0 : Math.floor(r() * 20)));
    const profile = profileOf(values);
    expect(profile.distinct).not.toBeNull();
    expect(profile.sketch).toEqual(directSketch(values));
    expect(profile.histogram).toEqual(directHistogram(values));
  });

  it('continues as value-by-value feeding when the counts overflow, early or late', () => {
    for (const [few, seed] of [
      [300, 5],
      [900, 6],
      [50_000, 7],
      [400_000, 8],
    ] as const) {
      const r = random(seed);
      // `few` values from 40 distinct ones, then continuous values (the counts overflow),
      // a fifth of them 0: the histogram stays coarse, so the sketch is fed.
      const values = Array.from({ length: few + 200_000 }, (_, i) => (i < few ? Math.floor(r() * 40) : r() < 0.2 ? 0 : r() * 100 - 30));
      const profile = profileOf(values);
      expect(profile.distinct).toBeNull();
      expect(profile.histogram).toEqual(directHistogram(values));
      expect(profile.sketch.n).toBe(values.length);
      if (few + 300 <= EXACT_CAPACITY) expect(profile.sketch).toEqual(directSketch(values));
      const probes = Array.from({ length: 199 }, (_, i) => -30 + (i + 1) * 0.5);
      expect(worstRankError(profile.sketch, values, probes)).toBeLessThanOrEqual(0.02);
    }
  });

  it('builds the sketch from a fine histogram, and feeds it from when the histogram turns coarse', () => {
    const probes = Array.from({ length: 199 }, (_, i) => -30 + (i + 1) * 0.5);
    for (const [smooth, spike, seed, bound] of [
      // A fine histogram all along: the sketch read from it is closer than a fed one (~1%).
      [200_000, 0, 9, 0.005],
      [2_000, 0, 10, 0.005],
      // Continuous values, then half of the rest copies of 12.5: from the histogram, then fed.
      [100_000, 100_000, 11, 0.02],
      [300_000, 40_000, 12, 0.02],
    ] as const) {
      const r = random(seed);
      const values = Array.from({ length: smooth + spike }, (_, i) => (i >= smooth && r() < 0.5 ? 12.5 : r() * 100 - 30));
      const profile = profileOf(values);
      expect(profile.sketch.n).toBe(values.length);
      // Past EXACT_CAPACITY values the sketch is a summary either way.
      expect(profile.sketch.levels.length).toBeGreaterThan(1);
      expect(worstRankError(profile.sketch, values, probes), `${smooth} + ${spike}`).toBeLessThanOrEqual(bound);
    }
  });
});

describe('QuantileSketch.fromCounts', () => {
  it('holds every value verbatim up to EXACT_CAPACITY values', () => {
    const sketch = QuantileSketch.fromCounts(Float64Array.of(-2, 0.5, 7), Float64Array.of(3, 1, 1020), 3);
    const direct = new QuantileSketch();
    direct.addMany(Float64Array.from([-2, -2, -2, 0.5, ...Array<number>(1020).fill(7)]), 1024);
    expect(sketch.exact).toBe(true);
    expect(sketch.sorted()).toEqual(direct.sorted());
  });

  it('keeps the total weight, stays within its size bound and takes more values as add does', () => {
    const values = Float64Array.from({ length: 256 }, (_, i) => i * 1.5);
    const counts = Float64Array.from({ length: 256 }, (_, i) => 1 + ((i * 7919) % 5000));
    const sketch = QuantileSketch.fromCounts(values, counts, 256);
    const n = counts.reduce((s, c) => s + c, 0);
    expect(sketch.n).toBe(n);
    const all: number[] = [];
    values.forEach((v, i) => {
      for (let j = 0; j < counts[i]!; j++) all.push(v);
    });
    expect(worstRankError(sketch.toJSON(), all, Array.from(values))).toBeLessThanOrEqual(0.02);
    const r = random(9);
    const more = Float64Array.from({ length: 300_000 }, () => r() * 400);
    sketch.addMany(more, more.length);
    const json = sketch.toJSON();
    expect(json.n).toBe(n + more.length);
    // Rebuilding checks that the level weights add up to n.
    expect(QuantileSketch.fromJSON(json).n).toBe(n + more.length);
    expect(json.levels.reduce((s, l) => s + l.length, 0)).toBeLessThan(20_000);
    expect(worstRankError(json, [...all, ...more], Array.from({ length: 199 }, (_, i) => (i + 1) * 2))).toBeLessThanOrEqual(0.02);
  });
});
