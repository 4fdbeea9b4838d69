// The special functions drift tests need, written from their textbook definitions:
// log-gamma (Lanczos), the regularized upper incomplete gamma Q(a, x) (series and
// continued fraction), the chi-square survival function, the Kolmogorov limiting
// distribution and the exact two-sample Kolmogorov-Smirnov p-value (lattice paths).

// Lanczos approximation, g = 7, nine terms: relative error below 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;

/** P(a, x) by its power series; converges fast for x < a + 1. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x >= a + 1. */
function upperGammaFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaFraction(a, x);
}

/** P(X >= x) for X ~ chi-square with `df` degrees of freedom (scipy.stats.chi2.sf). */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/**
 * P(K > lambda) for the Kolmogorov distribution (scipy.stats.kstwobign.sf): the
 * alternating series for large lambda, the theta-function form for small lambda.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1) {
    // 1 - sqrt(2 pi)/lambda * sum exp(-(2k-1)^2 pi^2 / (8 lambda^2))
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k < 20; k++) sum += Math.exp(factor * (2 * k - 1) ** 2);
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Exact two-sided p-value of the two-sample KS test, P(D >= h/lcm(m, n)), under H0:
 * every interleaving of the two samples (a lattice path from (0,0) to (m,n)) is
 * equally likely. The walk's step probabilities are hypergeometric, so mass that
 * leaves the band |i n - j m| < h gcd(m, n) is the p-value directly, with no
 * subtraction from 1. Cost: m times the band width.
 */
export function ksExactPValue(m: number, n: number, h: number): number {
  if (h <= 0) return 1;
  const g = gcd(m, n);
  const bound = h * g;
  const inside = (i: number, j: number) => Math.abs(i * n - j * m) < bound;
  let row = new Float64Array(n + 2);
  let next = new Float64Array(n + 2);
  row[0] = 1;
  let exited = 0;
  for (let i = 0; i <= m; i++) {
    // Cells of row i inside the band: (i n - bound) / m < j < (i n + bound) / m.
    const lo = Math.max(0, Math.floor((i * n - bound) / m));
    const hi = Math.min(n, Math.ceil((i * n + bound) / m));
    let carry = 0;
    for (let j = lo; j <= hi; j++) {
      const mass = row[j]! + carry;
      row[j] = 0;
      carry = 0;
      if (mass === 0 || !inside(i, j)) continue;
      const left = m + n - i - j;
      if (left === 0) continue;
      const stepI = (m - i) / left;
      if (stepI > 0) {
        if (inside(i + 1, j)) next[j]! += mass * stepI;
        else exited += mass * stepI;
      }
      const stepJ = 1 - stepI;
      if (j < n && stepJ > 0) {
        if (inside(i, j + 1)) carry = mass * stepJ;
        else exited += mass * stepJ;
      }
    }
    // Every cell of `row` was zeroed as it was read, so it serves as the next row.
    [row, next] = [next, row];
  }
  return Math.min(1, Math.max(0, exited));
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
