// Any two profiles compare without throwing, with every method, into a well-formed
// report: statistics finite (or null when skipped), p-values in [0, 1], JSON-safe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProfiles, createProfileAccumulator, mergeProfiles, parseProfile, toProfileFile } from '../../../shared/src/drift/index.ts';
import type { DatasetProfile, DriftMethod, ProfileColumn } from '../../../shared/src/drift/types.ts';

const columns: ProfileColumn[] = [
  { name: 'x', type: 'number' },
  { name: 'when', type: 'timestamp' },
  { name: 'label', type: 'string' },
  { name: 'flag', type: 'boolean' },
];

const number = fc.oneof(
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.constant(0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(1.7e308, -1.7e308, 5e-324, -5e-324, 1e300),
  fc.double({ min: 1e-300, max: 1e-290, noNaN: true }),
);
const row = fc.tuple(
  number,
  fc.oneof(fc.constant(null), fc.integer({ min: 1.6e12, max: 1.8e12 })),
  fc.oneof(fc.constant(null), fc.constantFrom('a', 'b', 'c', ''), fc.string({ maxLength: 200 })),
  fc.oneof(fc.constant(null), fc.boolean()),
);

function profileOf(rows: Array<[number | null, number | null, string | null, boolean | null]>): DatasetProfile {
  const acc = createProfileAccumulator(columns);
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) acc.add(i, r[i]!);
    acc.endRow();
  }
  return acc.snapshot();
}

describe('compareProfiles on arbitrary data', () => {
  it('never throws and reports well-formed statistics for every method', () => {
    const methods: DriftMethod[] = ['auto', 'ks', 'chi2', 'psi', 'wasserstein', 'jensenshannon'];
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.array(row, { maxLength: 60 }), fc.constantFrom(...methods), (a, b, method) => {
        const reference = profileOf(a);
        const current = profileOf(b);
        // Through a file and back, as `drift --reference` reads it.
        const stored = parseProfile(JSON.stringify(toProfileFile(reference)), 'ref.json');
        const report = compareProfiles(stored, mergeProfiles(current, profileOf([])), { method });
        expect(compareProfiles(reference, current, { method })).toEqual(report);
        expect(report.columns).toHaveLength(columns.length);
        expect(report.share).toBeGreaterThanOrEqual(0);
        expect(report.share).toBeLessThanOrEqual(1);
        for (const c of report.columns) {
          if (c.verdict === 'skipped') {
            expect(c.statistic).toBeNull();
            continue;
          }
          expect(Number.isFinite(c.statistic)).toBe(true);
          if (c.p_value !== undefined) {
            expect(c.p_value).toBeGreaterThanOrEqual(0);
            expect(c.p_value).toBeLessThanOrEqual(1);
          }
        }
        expect(JSON.parse(JSON.stringify(report)).columns).toHaveLength(columns.length);
      }),
      { numRuns: 300 },
    );
  });
});
