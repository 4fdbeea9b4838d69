// Canary analysis: measures one metric with its provider, over and over, and decides
// pass / fail / inconclusive with Argo Rollouts' semantics.
//
//   runMetric(name, spec, ctx, onMeasurement?, options?) → Promise<MetricResult>
//
// - `spec` is `deploy.canary.metrics.<name>` as written (AnalysisMetricSpec: today's
//   CanaryMetric plus the keys listed at the top of ./spec.ts).
// - Measurements: the first at once, then one every `interval` (default 10s), timed from
//   the start of the previous one. `count` measurements, then the verdict; without `count`
//   one measurement in a step, or, with `{ continuous: true }`, one every interval until
//   `ctx.signal` aborts.
// - Fails as soon as failures > `failure-limit` (default 0); inconclusive as soon as
//   inconclusive results > `inconclusive-limit` (default 0); it resolves at that moment,
//   not at the end of the count or of a pause.
// - `onMeasurement(m)` is called (and awaited) for each measurement as it is taken, before
//   the verdict it may cause is returned: the controller's timeline and early abort.
// - `ctx.signal` aborting: continuous → the analysis window is over: pass when it took at
//   least one measurement and no limit was exceeded, inconclusive when it took none; a step
//   analysis → inconclusive (`stopped after 2 of 4 measurements`). A measurement cut short
//   by the abort is not counted.
// - Never rejects for what it measured (an unreachable server, a bad query, a hanging
//   command are measurements with a verdict); rejects only for a spec mistake:
//   AnalysisSpecError (checked before the first measurement; call `resolveMetric` to check
//   up front) or TemplateError (a `{{ … }}` that resolves to nothing).
// - Templates in queries, URLs and commands: `{{ model.version }}` (the variant's version),
//   `{{ variant }}` (`canary` or `stable`), `{{ canary.version }}`, `{{ stable.version }}`,
//   `{{ weight }}`.
// - `compare: stable` (./compare.ts): Mann-Whitney U on a range query's samples (widened for
//   autocorrelation), on a latency histogram's requests (series labelled `le`) or on http
//   latencies; the two-proportion z-test on error counts. Fails only on a degradation
//   significantly larger than `max-degradation`. Measurement.value is the canary's median
//   (or error rate), stableValue the stable's. Figures: docs/canary-analysis.md.
import { sleep } from '../sleep.ts';
import type { AnalysisContext, Measurement, MetricResult } from '../types.ts';
import { measure } from './measure.ts';
import { type AnalysisMetricSpec, resolveMetric } from './spec.ts';

export { type Bucket, type CompareVerdict, histogramQuantile, judgeHistograms, judgeProportions, judgeSamples } from './compare.ts';
export { measure } from './measure.ts';
export { AnalysisSpecError, type AnalysisMetricSpec, type ResolvedMetric, resolveMetric, type VariantTemplate } from './spec.ts';
export { autocorrelationInflation, mannWhitneyGrouped, mannWhitneyU, normalSurvival, twoProportionZ } from './statistics.ts';

export interface RunMetricOptions {
  /** Background analysis: without `count`, measure every interval until ctx.signal aborts. */
  continuous?: boolean;
}

export type OnMeasurement = (measurement: Measurement) => void | Promise<void>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs one metric's analysis; see the comment at the top of this file. */
export async function runMetric(name: string, spec: AnalysisMetricSpec, ctx: AnalysisContext, onMeasurement?: OnMeasurement, options: RunMetricOptions = {}): Promise<MetricResult> {
  const metric = resolveMetric(name, spec);
  const continuous = options.continuous === true;
  const count = metric.count ?? (continuous ? Number.POSITIVE_INFINITY : 1);
  const measurements: Measurement[] = [];
  let failures = 0;
  let inconclusives = 0;
  let next = Date.now();
  const result = (verdict: MetricResult['verdict'], reason: string): MetricResult => ({ metric: name, verdict, measurements, reason });

  while (measurements.length < count && !ctx.signal.aborted) {
    await sleep(next - Date.now(), ctx.signal);
    if (ctx.signal.aborted) break;
    next = Date.now() + metric.intervalMs;
    const m = await measure(metric, ctx);
    if (ctx.signal.aborted) break;
    measurements.push(m);
    if (m.verdict === 'fail') failures++;
    if (m.verdict === 'inconclusive') inconclusives++;
    await onMeasurement?.(m);
    const taken = measurements.length;
    if (failures > metric.failureLimit) {
      return result('fail', `${name}: ${m.detail} (${failures} of ${plural(taken, 'measurement')} failed, failure-limit ${metric.failureLimit})`);
    }
    if (inconclusives > metric.inconclusiveLimit) {
      return result('inconclusive', `${name} inconclusive: ${m.detail} (${inconclusives} of ${plural(taken, 'measurement')} inconclusive, inconclusive-limit ${metric.inconclusiveLimit})`);
    }
  }

  const taken = measurements.length;
  const last = measurements[taken - 1];
  if (taken < count && !continuous) return result('inconclusive', `${name}: stopped after ${taken} of ${plural(count, 'measurement')}`);
  if (taken === 0) return result('inconclusive', `${name}: stopped before its first measurement`);
  const tally = [failures > 0 ? `${failures} failed` : '', inconclusives > 0 ? `${inconclusives} inconclusive` : ''].filter(Boolean).join(', ');
  return result('pass', `${name}: ${plural(taken, 'measurement')} within limits${tally ? ` (${tally})` : ''}; last: ${last!.detail}`);
}
