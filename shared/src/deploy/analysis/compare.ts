// The canary-vs-stable judge (after Netflix Kayenta): fails only on a degradation that is
// significantly LARGER than `max-degradation` (relative to stable): the one-sided test's
// null hypothesis is "the canary is at most max-degradation worse", so a canary exactly at
// the limit fails with probability alpha and an identical one far less often. Too little
// data is inconclusive, never a pass.
import type { Verdict } from '../types.ts';
import { autocorrelationInflation, mannWhitneyGrouped, mannWhitneyU, twoProportionZ } from './statistics.ts';

export interface CompareOptions {
  /** Relative: 0.1 tolerates a canary 10% worse than stable. */
  maxDegradation: number;
  alpha: number;
  /** Which way is worse for this metric (latency: higher). */
  worse: 'higher' | 'lower';
  /**
   * The samples are a time series (a range query's steps), not independent draws: the
   * test's variance is inflated by each series' autocorrelation.
   */
  series?: boolean;
}

export interface CompareVerdict {
  verdict: Verdict;
  /** The canary's statistic (median, or error rate) and the stable's. */
  canary: number | null;
  stable: number | null;
  /** How much worse the canary is, relative to stable (0.3 = 30% worse; negative: better). */
  degradation: number | null;
  pValue: number | null;
  detail: string;
}

/** Fewer values than this on either side: inconclusive. */
export const MIN_SAMPLES = 5;
/** Fewer requests than this on either side: inconclusive. */
export const MIN_REQUESTS = 20;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${formatNumber(share * 100)}%` : 'infinitely';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Relative change from stable to canary in the bad direction. */
function relativeDegradation(canary: number, stable: number, worse: 'higher' | 'lower'): number {
  const change = worse === 'higher' ? canary - stable : stable - canary;
  if (stable === 0) return change > 0 ? Number.POSITIVE_INFINITY : change < 0 ? Number.NEGATIVE_INFINITY : 0;
  return change / Math.abs(stable);
}

function decide(degradation: number, pValue: number, options: CompareOptions): Verdict {
  return pValue < options.alpha && degradation > options.maxDegradation ? 'fail' : 'pass';
}

function explain(verdict: Verdict, what: string, degradation: number, pValue: number, options: CompareOptions): string {
  const worse = degradation > 0 ? `${percent(degradation)} worse` : degradation < 0 ? `${percent(-degradation)} better` : 'the same';
  const limit = `max-degradation ${percent(options.maxDegradation)}`;
  const judged = verdict === 'fail' ? `significantly worse than ${limit}` : `not significantly worse than ${limit}`;
  return `${what}: canary ${worse}; ${judged} (p ${pValue > 0 ? `= ${pValue.toPrecision(2)}` : '< 1e-300'}, alpha ${formatNumber(options.alpha)})`;
}

/** Mann-Whitney U on two samples (latencies, or a metric's values over the same window). */
export function judgeSamples(canary: number[], stable: number[], options: CompareOptions): CompareVerdict {
  const c = canary.filter(Number.isFinite);
  const s = stable.filter(Number.isFinite);
  if (c.length < MIN_SAMPLES || s.length < MIN_SAMPLES) {
    const detail = `too few samples to compare: canary ${c.length}, stable ${s.length}; need ${MIN_SAMPLES} each`;
    return { verdict: 'inconclusive', canary: c.length ? median(c) : null, stable: s.length ? median(s) : null, degradation: null, pValue: null, detail };
  }
  const mc = median(c);
  const ms = median(s);
  // The stable's values moved to the limit: is the canary worse than even those?
  const sign = options.worse === 'higher' ? 1 : -1;
  const limit = s.map((v) => v + sign * options.maxDegradation * Math.abs(v));
  const inflation = options.series ? { x: autocorrelationInflation(c), y: autocorrelationInflation(limit) } : undefined;
  const { pValue } = mannWhitneyU(c, limit, options.worse === 'higher' ? 'greater' : 'less', { inflation });
  const degradation = relativeDegradation(mc, ms, options.worse);
  const verdict = decide(degradation, pValue, options);
  const effective = inflation && Math.max(inflation.x, inflation.y) > 1.01 ? `; effective ${formatNumber(c.length / inflation.x)} vs ${formatNumber(s.length / inflation.y)} for autocorrelation` : '';
  const what = `median ${formatNumber(mc)} vs stable ${formatNumber(ms)} (Mann-Whitney U, ${c.length} vs ${s.length} samples${effective})`;
  return { verdict, canary: mc, stable: ms, degradation, pValue, detail: explain(verdict, what, degradation, pValue, options) };
}

export interface Proportion {
  errors: number;
  total: number;
}

/** Two-proportion z-test on error counts: is the canary's error rate above the stable's? */
export function judgeProportions(canary: Proportion, stable: Proportion, options: Omit<CompareOptions, 'worse'>): CompareVerdict {
  const round = (p: Proportion) => ({ errors: Math.round(p.errors), total: Math.round(p.total) });
  const c = round(canary);
  const s = round(stable);
  for (const [variant, p] of [['canary', c], ['stable', s]] as const) {
    if (!(Number.isFinite(p.errors) && Number.isFinite(p.total)) || p.errors < 0 || p.errors > p.total) {
      return { verdict: 'inconclusive', canary: null, stable: null, degradation: null, pValue: null, detail: `the ${variant}'s counts make no sense: ${p.errors} errors of ${p.total} requests` };
    }
  }
  const rateC = c.total > 0 ? c.errors / c.total : null;
  const rateS = s.total > 0 ? s.errors / s.total : null;
  if (c.total < MIN_REQUESTS || s.total < MIN_REQUESTS) {
    const detail = `too few requests to compare error rates: canary ${c.total}, stable ${s.total}; need ${MIN_REQUESTS} each`;
    return { verdict: 'inconclusive', canary: rateC, stable: rateS, degradation: null, pValue: null, detail };
  }
  const { pValue } = twoProportionZ(c.errors, c.total, s.errors, s.total, 'greater', options.maxDegradation);
  const degradation = relativeDegradation(rateC!, rateS!, 'higher');
  const opts = { ...options, worse: 'higher' as const };
  const verdict = decide(degradation, pValue, opts);
  const what = `error rate ${formatNumber(rateC!)} (${c.errors}/${c.total}) vs stable ${formatNumber(rateS!)} (${s.errors}/${s.total}) (two-proportion z-test)`;
  return { verdict, canary: rateC, stable: rateS, degradation, pValue, detail: explain(verdict, what, degradation, pValue, opts) };
}

/** One cumulative histogram bucket: `count` observations ≤ `le` (Prometheus `_bucket{le}`). */
export interface Bucket {
  le: number;
  count: number;
}

/** The q-quantile of a cumulative histogram, interpolated linearly inside its bucket (as histogram_quantile). */
export function histogramQuantile(buckets: Bucket[], q: number): number {
  const total = buckets[buckets.length - 1]!.count;
  const rank = q * total;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (b.count < rank) continue;
    const lower = i === 0 ? 0 : buckets[i - 1]!.le;
    if (b.le === Number.POSITIVE_INFINITY) return lower;
    const below = i === 0 ? 0 : buckets[i - 1]!.count;
    const inBucket = b.count - below;
    return inBucket > 0 ? lower + (b.le - lower) * ((rank - below) / inBucket) : b.le;
  }
  return buckets[buckets.length - 1]!.le;
}

/**
 * The cumulative count at `x` of a cumulative histogram, linear inside each bucket (0 at 0).
 */
function cumulativeAt(buckets: Bucket[], x: number): number {
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (x <= b.le) return b.le === Number.POSITIVE_INFINITY ? below : below + (b.count - below) * ((x - lower) / (b.le - lower));
    lower = b.le;
    below = b.count;
  }
  return below;
}

/**
 * Mann-Whitney U on the requests themselves, read from each variant's latency histogram over
 * the same window: every request is a sample, tied with the others of its bucket. Requests
 * are close to independent, unlike a range query's steps, so no autocorrelation correction.
 * As for samples, the canary is tested against the stable moved `max-degradation` worse: the
 * stable's histogram rescaled (F(x / (1 + d))), linear inside its buckets.
 */
export function judgeHistograms(canary: Bucket[], stable: Bucket[], options: CompareOptions): CompareVerdict {
  const none = (detail: string): CompareVerdict => ({ verdict: 'inconclusive', canary: null, stable: null, degradation: null, pValue: null, detail });
  const bounds = (h: Bucket[]) => h.map((b) => b.le).join(',');
  if (bounds(canary) !== bounds(stable)) return none(`the variants' histograms have different buckets: canary le=${bounds(canary)}, stable le=${bounds(stable)}`);
  if (canary.length === 0 || canary[canary.length - 1]!.le !== Number.POSITIVE_INFINITY) return none('a histogram needs its le="+Inf" bucket (all requests)');
  if (![...canary, ...stable].every((b) => Number.isFinite(b.count))) return none('a histogram bucket is NaN (no requests in the window?)');
  // increase() extrapolates: counts are rounded and kept cumulative.
  const perBucket = (h: Bucket[]) => h.map((b, i) => Math.max(0, Math.round(b.count) - (i === 0 ? 0 : Math.round(h[i - 1]!.count))));
  const c = perBucket(canary);
  const s = perBucket(stable);
  const nc = c.reduce((a, b) => a + b, 0);
  const ns = s.reduce((a, b) => a + b, 0);
  if (nc < MIN_REQUESTS || ns < MIN_REQUESTS) return none(`too few requests in the histograms to compare: canary ${nc}, stable ${ns}; need ${MIN_REQUESTS} each`);
  const cumulative = (counts: number[]) => counts.map((_, i) => ({ le: canary[i]!.le, count: counts.slice(0, i + 1).reduce((a, b) => a + b, 0) }));
  const stableCumulative = cumulative(s);
  const mc = histogramQuantile(cumulative(c), 0.5);
  const ms = histogramQuantile(stableCumulative, 0.5);
  const scale = options.worse === 'higher' ? 1 + options.maxDegradation : 1 - options.maxDegradation;
  const moved = stableCumulative.map((b) => (b.le === Number.POSITIVE_INFINITY ? ns : cumulativeAt(stableCumulative, b.le / scale)));
  const limit = moved.map((count, i) => Math.max(0, count - (i === 0 ? 0 : moved[i - 1]!)));
  const { pValue } = mannWhitneyGrouped(c, limit, options.worse === 'higher' ? 'greater' : 'less');
  const degradation = relativeDegradation(mc, ms, options.worse);
  const verdict = decide(degradation, pValue, options);
  const what = `median ≈ ${formatNumber(mc)} vs stable ${formatNumber(ms)} (Mann-Whitney U on ${nc} vs ${ns} requests in ${c.length} buckets)`;
  return { verdict, canary: mc, stable: ms, degradation, pValue, detail: explain(verdict, what, degradation, pValue, options) };
}
