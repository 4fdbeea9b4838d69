// The fine histogram's counts below bin edges (a profile's ten equal-width bins come from
// them): one pass over the bins must give what the definition gives edge by edge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramEdges } from '../../../shared/src/drift/bins.ts';
import { FineHistogram, type HistogramJSON, histogramCountsBelow } from '../../../shared/src/drift/histogram.ts';

/** The definition: per edge, every bin ending below it whole, the bin it falls in pro rata. */
function belowByDefinition(json: HistogramJSON, min: number, max: number, edges: number[]): number[] {
  const width = 2 ** json.exponent;
  return edges.map((edge, k) => {
    let below = 0;
    let total = 0;
    json.counts.forEach((c, i) => {
      total += c;
      if (c === 0) return;
      const lo = Math.max((json.base + i) * width, min);
      const hi = Math.min((json.base + i + 1) * width, max);
      if (edge > hi) below += c;
      else if (edge > lo) below += (c * (edge - lo)) / (hi - lo);
    });
    return k === edges.length - 1 && edge >= max ? total : below;
  });
}

describe('histogramCountsBelow', () => {
  it('equals the edge-by-edge definition for any data and any edges', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -50, max: 50 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.array(fc.double({ min: -2e6, max: 2e6, noNaN: true }), { maxLength: 12 }), (values, extra) => {
        const histogram = new FineHistogram();
        for (const v of values) histogram.add(v);
        const min = Math.min(...values);
        const max = Math.max(...values);
        const json = histogram.toJSON(min, max);
        for (const edges of [histogramEdges(min, max), [...extra].sort((a, b) => a - b)]) {
          const fast = histogramCountsBelow(json, min, max, edges);
          const slow = belowByDefinition(json, min, max, edges);
          expect(fast).toHaveLength(edges.length);
          for (const [k, b] of fast.entries()) expect(b).toBeCloseTo(slow[k]!, 6);
        }
      }),
      { numRuns: 200 },
    );
  });
});
