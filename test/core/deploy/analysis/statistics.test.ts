// The canary judge's statistics checked against scipy 1.10 (/usr/bin/python3): Mann-Whitney
// U (asymptotic, tie and continuity corrected), the pooled two-proportion z-test (through
// the uncorrected chi-square of the 2×2 table) and the normal survival function. No
// python3 with scipy: the test FAILS, never skips.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autocorrelationInflation,
  histogramQuantile,
  judgeHistograms,
  judgeProportions,
  judgeSamples,
  mannWhitneyGrouped,
  mannWhitneyU,
  normalSurvival,
  twoProportionZ,
} from '../../../../shared/src/deploy/analysis/index.ts';
import { seededRandom } from '../../../support/random.ts';

interface Reference {
  scipy: string;
  mannwhitneyu: Array<{ name: string; x: number[]; y: number[] } & Record<'greater' | 'less' | 'two-sided', { u: number; p: number }>>;
  proportions: Array<{ x1: number; n1: number; x2: number; n2: number; z: number; greater: number; less: number; two_sided: number }>;
  normal_sf: Array<[number, number]>;
  margin_mwu_10: number;
  margin_proportions_50: Array<{ x1: number; n1: number; x2: number; n2: number; z: number; greater: number }>;
}

function scipyReference(): Reference {
  const script = join(import.meta.dirname, 'scipy_reference.py');
  const run = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new Error(`cannot compute the scipy reference values: /usr/bin/python3 ${script} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}. Install python3 with numpy and scipy (Debian: python3-scipy).`);
  }
  return JSON.parse(run.stdout) as Reference;
}

const reference = scipyReference();

function close(actual: number, expected: number, relative: number, absolute = 0) {
  expect(Math.abs(actual - expected), `${actual} vs scipy ${expected}`).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

describe(`canary statistics vs scipy ${reference.scipy}`, () => {
  it('the normal survival function matches norm.sf to 1e-12 relative', () => {
    for (const [z, p] of reference.normal_sf) close(normalSurvival(z), p, 1e-12, 1e-300);
  });

  for (const c of reference.mannwhitneyu) {
    it(`Mann-Whitney U, ${c.name}: U and p match mannwhitneyu(method='asymptotic') to 1e-9`, () => {
      for (const alternative of ['greater', 'less', 'two-sided'] as const) {
        const r = mannWhitneyU(c.x, c.y, alternative);
        close(r.u, c.greater.u, 1e-12);
        close(r.pValue, c[alternative].p, 1e-9, 1e-300);
      }
    });
  }

  for (const c of reference.proportions) {
    it(`two-proportion z, ${c.x1}/${c.n1} vs ${c.x2}/${c.n2}: z and p match the 2×2 chi-square to 1e-9`, () => {
      close(twoProportionZ(c.x1, c.n1, c.x2, c.n2, 'greater').z, c.z, 1e-9, 1e-12);
      close(twoProportionZ(c.x1, c.n1, c.x2, c.n2, 'greater').pValue, c.greater, 1e-9, 1e-300);
      close(twoProportionZ(c.x1, c.n1, c.x2, c.n2, 'less').pValue, c.less, 1e-9, 1e-300);
      close(twoProportionZ(c.x1, c.n1, c.x2, c.n2).pValue, c.two_sided, 1e-9, 1e-300);
    });
  }

  it('the judge with max-degradation 0 is the plain one-sided test; with 0.1, the test against the stable moved 10% worse', () => {
    const slower = reference.mannwhitneyu.find((c) => c.name.includes('30% slower'))!;
    const judge = (maxDegradation: number) => judgeSamples(slower.x, slower.y, { maxDegradation, alpha: 0.05, worse: 'higher' }).pValue!;
    close(judge(0), slower.greater.p, 1e-9, 1e-300);
    close(judge(0.1), reference.margin_mwu_10, 1e-9, 1e-300);
  });

  for (const c of reference.margin_proportions_50) {
    it(`two-proportion z with a 50% ratio margin, ${c.x1}/${c.n1} vs ${c.x2}/${c.n2}: the Wald statistic`, () => {
      const r = twoProportionZ(c.x1, c.n1, c.x2, c.n2, 'greater', 0.5);
      close(r.z, c.z, 1e-9, 1e-12);
      close(r.pValue, c.greater, 1e-9, 1e-300);
    });
  }

  it('a sample of one repeated value has no spread: p is not significant', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5], 'greater').pValue).toBe(0.5);
    expect(twoProportionZ(0, 100, 0, 100, 'greater')).toEqual({ z: 0, pValue: 0.5 });
  });

  it('refuses empty samples and impossible counts by name', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/two non-empty samples, found 0 and 1/);
    expect(() => twoProportionZ(5, 3, 0, 10)).toThrow(/found 5 of 3/);
  });
});

describe('autocorrelation: a range query\'s samples are not independent', () => {
  const random = seededRandom(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  function ar1(n: number, phi: number): number[] {
    const out = [normal()];
    while (out.length < n) out.push(phi * out[out.length - 1]! + Math.sqrt(1 - phi * phi) * normal());
    return out;
  }

  it('the inflation is about 1 for independent samples and (1 + φ) / (1 − φ) for AR(1)', () => {
    expect(autocorrelationInflation(ar1(5000, 0))).toBeLessThan(1.1);
    close(autocorrelationInflation(ar1(5000, 0.5)), 3, 0.15);
    close(autocorrelationInflation(ar1(5000, 0.9)), 19, 0.25);
    expect(autocorrelationInflation([4, 4, 4, 4, 4])).toBe(1);
    expect(autocorrelationInflation([1, 2, 3])).toBe(1);
  });

  it('an inflation f divides z by √f', () => {
    const x = ar1(40, 0.8).map((v) => v + 0.5);
    const y = ar1(40, 0.8);
    const plain = mannWhitneyU(x, y, 'greater');
    const inflated = mannWhitneyU(x, y, 'greater', { inflation: { x: 4, y: 4 } });
    close(inflated.z, plain.z / 2, 1e-12);
    expect(inflated.pValue).toBeGreaterThan(plain.pValue);
  });

  it('series: true widens the judge on an autocorrelated window and says by how much', () => {
    const canary = ar1(60, 0.9).map((v) => Math.exp(4.6 + 0.5 * v));
    const stable = ar1(60, 0.9).map((v) => Math.exp(4.6 + 0.5 * v));
    const options = { maxDegradation: 0, alpha: 0.05, worse: 'higher' as const };
    const independent = judgeSamples(canary, stable, options);
    const series = judgeSamples(canary, stable, { ...options, series: true });
    expect(series.pValue!).not.toBe(independent.pValue);
    expect(Math.abs(series.pValue! - 0.5)).toBeLessThan(Math.abs(independent.pValue! - 0.5));
    expect(series.detail).toMatch(/\(Mann-Whitney U, 60 vs 60 samples; effective [\d.]+ vs [\d.]+ for autocorrelation\)/);
  });
});

describe('the judge: significantly worse than max-degradation', () => {
  const slower = reference.mannwhitneyu.find((c) => c.name.includes('30% slower'))!;
  const equal = reference.mannwhitneyu.find((c) => c.name.includes('equal'))!;
  const options = { maxDegradation: 0.1, alpha: 0.05, worse: 'higher' as const };

  it('fails a canary 30% slower, naming the medians, the p-value and the limit', () => {
    const v = judgeSamples(slower.x, slower.y, options);
    expect(v.verdict).toBe('fail');
    // The test is against the stable moved to the limit: a larger p-value than the plain test's.
    expect(v.pValue!).toBeGreaterThan(slower.greater.p);
    expect(v.pValue!).toBeLessThan(0.05);
    expect(v.degradation!).toBeGreaterThan(0.1);
    expect(v.detail).toMatch(/^median [\d.]+ vs stable [\d.]+ \(Mann-Whitney U, 40 vs 50 samples\): canary [\d.]+% worse; significantly worse than max-degradation 10% \(p = \S+, alpha 0\.05\)$/);
  });

  it('passes the same canary when 60% is tolerated, and when lower is worse', () => {
    expect(judgeSamples(slower.x, slower.y, { ...options, maxDegradation: 0.6 }).verdict).toBe('pass');
    expect(judgeSamples(slower.x, slower.y, { ...options, worse: 'lower' }).verdict).toBe('pass');
  });

  it('passes identical distributions, and is inconclusive with too few samples', () => {
    expect(judgeSamples(equal.x, equal.y, { ...options, maxDegradation: 0 }).verdict).toBe('pass');
    const few = judgeSamples([1, 2, 3], equal.y, options);
    expect(few.verdict).toBe('inconclusive');
    expect(few.detail).toBe('too few samples to compare: canary 3, stable 60; need 5 each');
  });

  it('error rates: 2% vs 0.04% fails; 2% vs 1.8% is not significant; too few requests is inconclusive', () => {
    const fail = judgeProportions({ errors: 12, total: 600 }, { errors: 5, total: 11400 }, options);
    expect(fail.verdict).toBe('fail');
    expect(fail.detail).toContain('error rate 0.02 (12/600) vs stable 0.0004386 (5/11400)');
    expect(judgeProportions({ errors: 18, total: 900 }, { errors: 16, total: 900 }, options).verdict).toBe('pass');
    const few = judgeProportions({ errors: 3, total: 10 }, { errors: 0, total: 1000 }, options);
    expect(few.verdict).toBe('inconclusive');
    expect(few.detail).toMatch(/too few requests .* canary 10, stable 1000; need 20 each/);
  });

  it('a canary with errors against a stable with none is infinitely worse when significant', () => {
    const v = judgeProportions({ errors: 30, total: 500 }, { errors: 0, total: 5000 }, options);
    expect(v.verdict).toBe('fail');
    expect(v.degradation).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('latency histograms: Mann-Whitney U on the requests, by bucket', () => {
  const random = seededRandom(99);
  const options = { maxDegradation: 0.1, alpha: 0.05, worse: 'higher' as const };
  const bounds = [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, Number.POSITIVE_INFINITY];
  const cumulative = (counts: number[]) => counts.map((_, i) => ({ le: bounds[i]!, count: counts.slice(0, i + 1).reduce((a, b) => a + b, 0) }));

  it('grouped counts give what the expanded samples give (checked against scipy above)', () => {
    for (let trial = 0; trial < 20; trial++) {
      const x = bounds.map(() => Math.floor(random() * 30));
      const y = bounds.map(() => Math.floor(random() * 30));
      const expand = (counts: number[]) => counts.flatMap((c, i) => Array<number>(c).fill(i));
      for (const alternative of ['greater', 'less', 'two-sided'] as const) {
        const grouped = mannWhitneyGrouped(x, y, alternative);
        const expanded = mannWhitneyU(expand(x), expand(y), alternative);
        close(grouped.u, expanded.u, 1e-12);
        close(grouped.pValue, expanded.pValue, 1e-9, 1e-300);
      }
    }
    expect(() => mannWhitneyGrouped([1, 2], [1])).toThrow(/same groups, found 2 and 1/);
  });

  it('the median interpolates inside its bucket, as histogram_quantile does', () => {
    // 100 requests: 20 ≤ 0.05, 40 in (0.05, 0.1]: the 50th is three quarters into the second bucket.
    expect(histogramQuantile(cumulative([20, 40, 40, 0, 0, 0, 0]), 0.5)).toBeCloseTo(0.0875, 12);
    expect(histogramQuantile(cumulative([0, 0, 0, 0, 0, 0, 10]), 0.5)).toBe(0.5);
  });

  it('a canary whose requests sit one bucket higher fails; the same histogram passes', () => {
    const stable = cumulative([200, 3000, 1500, 200, 100, 0, 0]);
    const slower = judgeHistograms(cumulative([0, 800, 2500, 1200, 400, 100, 0]), stable, options);
    expect(slower.verdict).toBe('fail');
    expect(slower.detail).toMatch(/^median ≈ 0\.1\d* vs stable 0\.0\d* \(Mann-Whitney U on 5000 vs 5000 requests in 7 buckets\): canary \d+(\.\d+)?% worse; significantly worse than max-degradation 10% \(p (= \S+|< 1e-300), alpha 0\.05\)$/);
    expect(judgeHistograms(stable, stable, options)).toMatchObject({ verdict: 'pass', degradation: 0 });
  });

  it('a small shift passes against max-degradation 10%, and fails the plain test (max-degradation 0)', () => {
    const stable = cumulative([2000, 30000, 15000, 2000, 1000, 0, 0]);
    const canary = cumulative([1800, 29000, 16000, 2100, 1100, 0, 0]);
    const v = judgeHistograms(canary, stable, options);
    expect(v.verdict).toBe('pass');
    expect(v.detail).toContain('not significantly worse than max-degradation 10%');
    expect(judgeHistograms(canary, stable, { ...options, maxDegradation: 0 }).verdict).toBe('fail');
  });

  it('different buckets, no +Inf bucket, NaN or too few requests: inconclusive', () => {
    const stable = cumulative([200, 3000, 1500, 200, 100, 0, 0]);
    expect(judgeHistograms(stable.slice(1), stable, options).detail).toMatch(/^the variants' histograms have different buckets: canary le=0\.1,.*,Infinity, stable le=0\.05,/);
    expect(judgeHistograms(stable.slice(0, -1), stable.slice(0, -1), options).detail).toBe('a histogram needs its le="+Inf" bucket (all requests)');
    expect(judgeHistograms(stable.map((b) => ({ ...b, count: Number.NaN })), stable, options).verdict).toBe('inconclusive');
    expect(judgeHistograms(cumulative([1, 2, 3, 0, 0, 0, 0]), stable, options).detail).toBe('too few requests in the histograms to compare: canary 6, stable 5000; need 20 each');
  });
});
