// The special functions against their definitions: the exact KS p-value by enumerating
// every interleaving of two tiny samples, gamma and Kolmogorov identities.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, gammaQ, kolmogorovSurvival, ksExactPValue, logGamma } from '../../../shared/src/drift/special.ts';

/** P(max |i/m - j/n| >= h / lcm) over all C(m+n, m) equally likely paths, by enumeration. */
function bruteForce(m: number, n: number, h: number): number {
  let outside = 0;
  let total = 0;
  const walk = (i: number, j: number, widest: number) => {
    const gap = Math.abs(i * n - j * m);
    const w = Math.max(widest, gap);
    if (i === m && j === n) {
      total++;
      // gap / gcd is the lattice distance in units of 1/lcm; compare gap >= h * gcd.
      if (w >= h * gcd(m, n)) outside++;
      return;
    }
    if (i < m) walk(i + 1, j, w);
    if (j < n) walk(i, j + 1, w);
  };
  walk(0, 0, 0);
  return outside / total;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

describe('ksExactPValue', () => {
  it('equals the share of lattice paths that leave the band, for every m, n <= 6', () => {
    for (let m = 1; m <= 6; m++) {
      for (let n = 1; n <= 6; n++) {
        const lcm = (m * n) / gcd(m, n);
        for (let h = 1; h <= lcm; h++) expect(ksExactPValue(m, n, h), `m=${m} n=${n} h=${h}`).toBeCloseTo(bruteForce(m, n, h), 12);
      }
    }
  });

  it('is 1 for h = 0 and decreases as h grows', () => {
    expect(ksExactPValue(40, 30, 0)).toBe(1);
    let previous = 1;
    for (let h = 1; h <= 120; h++) {
      const p = ksExactPValue(40, 30, h);
      expect(p).toBeLessThanOrEqual(previous + 1e-15);
      previous = p;
    }
    expect(previous).toBeGreaterThan(0);
  });
});

describe('gamma and chi-square', () => {
  it('log-gamma matches factorials', () => {
    let factorial = 1;
    for (let n = 1; n < 25; n++) {
      factorial *= n;
      expect(logGamma(n + 1)).toBeCloseTo(Math.log(factorial), 9);
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('Q(1, x) = exp(-x) and chi2.sf(x, 2) = exp(-x/2)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 700, noNaN: true }), (x) => {
        expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 12);
        expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
      }),
    );
  });

  it('stays a probability: in [0, 1] and decreasing in x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 200, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (df, x) => {
        const p = chiSquareSurvival(x, df);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(chiSquareSurvival(x + 1, df)).toBeLessThanOrEqual(p + 1e-12);
      }),
    );
  });
});

describe('kolmogorovSurvival', () => {
  it('is continuous where its two series meet and falls from 1 to 0', () => {
    expect(kolmogorovSurvival(1 - 1e-9)).toBeCloseTo(kolmogorovSurvival(1 + 1e-9), 8);
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(0.1)).toBeCloseTo(1, 12);
    expect(kolmogorovSurvival(5)).toBeLessThan(1e-20);
    let previous = 1;
    for (let x = 0.05; x < 4; x += 0.05) {
      const p = kolmogorovSurvival(x);
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
  });
});
