// The `traffic` provider: the canary's error rate in the real traffic the target carried
// (the local proxy counts every answer it gives), over the requests since the previous
// measurement of the same metric, so a fault that starts mid-canary shows at once
// instead of being diluted by the healthy minutes before it.
import type { AnalysisContext, TrafficCounts } from '../types.ts';
import { formatNumber } from './compare.ts';
import { checkBounds, type Reading } from './measure.ts';
import type { ResolvedMetric } from './spec.ts';

const DEFAULT_MIN_REQUESTS = 20;

/** The previous reading per target and metric: the window's start. */
const previous = new WeakMap<object, Map<string, TrafficCounts['canary']>>();

export function measureTraffic(metric: ResolvedMetric, ctx: AnalysisContext): Reading {
  if (!ctx.traffic) {
    return { value: null, verdict: 'inconclusive', detail: "the traffic target does not carry the traffic itself ('traffic' metrics need deploy.target: local)" };
  }
  const now = ctx.traffic.traffic().canary;
  const seen = previous.get(ctx.traffic) ?? new Map<string, TrafficCounts['canary']>();
  previous.set(ctx.traffic, seen);
  const before = seen.get(metric.name);
  // Counters start again with each new canary.
  const start = before && before.since === now.since ? before : { requests: 0, errors: 0 };
  const requests = now.requests - start.requests;
  const errors = now.errors - start.errors;
  const least = metric.spec.traffic?.['min-requests'] ?? DEFAULT_MIN_REQUESTS;
  if (requests < least) {
    return { value: null, verdict: 'inconclusive', detail: `${requests} canary requests since the last measurement, fewer than min-requests ${least}` };
  }
  seen.set(metric.name, now);
  const rate = errors / requests;
  return checkBounds(metric, rate, `${formatNumber(rate)} (${errors} of ${requests} canary requests failed)`);
}
