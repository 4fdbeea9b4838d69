// The unique/duplicates hash set: counts match exact counting however the values are
// split into parts and merged, and a set grown by inserts stays within 16 bytes a value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDED_NEW, ADDED_SECOND, HASH, HashSet64, hashString } from '../../../shared/src/data/hash-set.ts';

/** Unexpected rows per part as the scanner counts them: every occurrence (unique) or repeats only (duplicates). */
function countPart(values: string[], occurrences: boolean): { set: HashSet64; unexpected: number } {
  const set = new HashSet64();
  let unexpected = 0;
  for (const v of values) {
    hashString(v);
    const seen = set.add(HASH[0]!, HASH[1]!);
    if (seen !== ADDED_NEW) unexpected += occurrences && seen === ADDED_SECOND ? 2 : 1;
  }
  return { set, unexpected };
}

function exact(values: string[], occurrences: boolean): number {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let n = 0;
  for (const c of counts.values()) if (c > 1) n += occurrences ? c : c - 1;
  return n;
}

describe('HashSet64', () => {
  it('counts repeats exactly across any split into parts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 5 }), fc.boolean(), (values, cuts, occurrences) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b).map((c) => Math.min(c, values.length)), values.length];
        const parts = bounds.slice(1).map((end, i) => countPart(values.slice(bounds[i], end), occurrences));
        const joined = new HashSet64();
        let total = parts.reduce((n, p) => n + p.unexpected, 0);
        for (const p of parts) total += joined.merge(p.set.snapshot(), occurrences);
        expect(total).toBe(exact(values, occurrences));
      }),
    );
  });

  it('holds at most 16 bytes per distinct value as it grows', () => {
    const set = new HashSet64();
    for (let i = 0; i < 300_000; i++) {
      hashString(`v${i}`);
      set.add(HASH[0]!, HASH[1]!);
      if (i > 1000 && i % 9973 === 0) expect(set.bytesPerValue()).toBeLessThanOrEqual(16);
    }
    expect(set.size).toBe(300_000);
  });
});
