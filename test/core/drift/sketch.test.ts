// The quantile sketch and the fine histogram: exactness while small, the stated rank
// error bound when large, exact weights, deterministic output, and exact histogram merges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FineHistogram, histogramSample, largestBinShare, mergeHistograms } from '../../../shared/src/drift/histogram.ts';
import { cumulativeSample, EXACT_CAPACITY, QuantileSketch, weightAtOrBelow } from '../../../shared/src/drift/sketch.ts';
import { seededRandom as random } from '../../support/random.ts';
import { worstRankError } from '../../support/rank-error.ts';

function sketchOf(values: ArrayLike<number>, parts = 1): QuantileSketch {
  const sketches = Array.from({ length: parts }, () => new QuantileSketch());
  for (let i = 0; i < values.length; i++) sketches[Math.floor((i * parts) / values.length)]!.add(values[i]!);
  const [first, ...rest] = sketches;
  for (const s of rest) first!.merge(QuantileSketch.fromJSON(s.toJSON()));
  return first!;
}


describe('QuantileSketch', () => {
  it(`holds every value exactly up to ${EXACT_CAPACITY} values, however it is split and merged`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: EXACT_CAPACITY }), fc.integer({ min: 1, max: 4 }), (values, parts) => {
        const sketch = sketchOf(values, Math.min(parts, Math.max(1, values.length)));
        expect(sketch.exact).toBe(true);
        const expected = cumulativeSample(Float64Array.from(values), new Float64Array(values.length).fill(1));
        expect(sketch.sorted()).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it(`is exact at exactly ${EXACT_CAPACITY} values and approximate from the next one`, () => {
    const values = Float64Array.from({ length: EXACT_CAPACITY + 1 }, (_, i) => (i * 7919) % 1031);
    expect(sketchOf(values.subarray(0, EXACT_CAPACITY)).exact).toBe(true);
    expect(sketchOf(values.subarray(0, EXACT_CAPACITY), 3).exact).toBe(true);
    expect(sketchOf(values).exact).toBe(false);
  });

  it('keeps the total weight equal to n through compaction, sampling and JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 1, max: 5 }), (n, parts) => {
        const r = random(n);
        const values = Float64Array.from({ length: n }, () => r());
        const sketch = QuantileSketch.fromJSON(sketchOf(values, n === 0 ? 1 : parts).toJSON());
        expect(sketch.n).toBe(n);
        expect(sketch.sorted().total).toBe(n);
      }),
      { numRuns: 12 },
    );
  });

  it('stays within 2% normalised rank error on 300,000 values in random, sorted and reversed order (4 merged parts)', () => {
    const r = random(7);
    const values = Float64Array.from({ length: 300_000 }, () => -Math.log(r()) * 10);
    const sorted = Float64Array.from(values).sort();
    const reversed = Float64Array.from(sorted).reverse();
    for (const order of [values, sorted, reversed]) {
      const sketch = sketchOf(order, 4);
      expect(sketch.exact).toBe(false);
      expect(worstRankError(sketch, order)).toBeLessThanOrEqual(0.02);
    }
  });

  it('is deterministic: the same values in the same order give the same JSON', () => {
    const r = random(3);
    const values = Float64Array.from({ length: 50_000 }, () => r());
    expect(sketchOf(values).toJSON()).toEqual(sketchOf(values).toJSON());
  });

  it('stays small: under 1,100 retained values at 2 million', () => {
    const r = random(5);
    const sketch = new QuantileSketch();
    for (let i = 0; i < 2_000_000; i++) sketch.add(r());
    expect(sketch.sorted().values.length).toBeLessThan(1100);
  });
});

describe('FineHistogram', () => {
  const histogramOf = (values: number[]) => {
    const h = new FineHistogram();
    for (const v of values) h.add(v);
    return h.toJSON(Math.min(...values), Math.max(...values));
  };
  const finite = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -50, max: 50 }), fc.double({ min: 1.6e12, max: 1.8e12, noNaN: true }));

  it('merges exactly: merge(a, b) equals the histogram of a then b', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 300 }), fc.array(finite, { minLength: 1, maxLength: 300 }), (a, b) => {
        const all = [...a, ...b];
        expect(mergeHistograms(histogramOf(a), histogramOf(b), Math.min(...all), Math.max(...all))).toEqual(histogramOf(all));
        expect(histogramOf([...b, ...a])).toEqual(histogramOf(all));
      }),
      { numRuns: 150 },
    );
  });

  it('places every value in its bin: the sample CDF is within one bin of the truth', () => {
    const r = random(11);
    const values = Array.from({ length: 20_000 }, () => 100 + 15 * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r()));
    const json = histogramOf(values);
    expect(json.counts.reduce((s, c) => s + c, 0)).toBe(values.length);
    const { values: points, weights } = histogramSample(json, Math.min(...values), Math.max(...values));
    const sample = cumulativeSample(points, weights);
    const sorted = [...values].sort((x, y) => x - y);
    const bound = largestBinShare(json);
    for (let q = 1; q < 100; q++) {
      const x = sorted[Math.floor((q / 100) * sorted.length)]!;
      const truth = sorted.filter((v) => v <= x).length;
      expect(Math.abs(weightAtOrBelow(sample, x) - truth) / values.length).toBeLessThanOrEqual(bound);
    }
  });
});
