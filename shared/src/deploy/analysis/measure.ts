// One measurement of one metric: picks the provider, gives it the template context of each
// variant and a deadline, and turns anything unexpected into an inconclusive measurement.
import { PipewrightError } from '../../errors.ts';
import type { AnalysisContext, Measurement, Verdict } from '../types.ts';
import { measureHttp } from './http.ts';
import { measurePrometheus } from './prometheus.ts';
import { measureRun } from './run.ts';
import { measureTraffic } from './traffic.ts';
import type { ResolvedMetric } from './spec.ts';

export type Variant = 'canary' | 'stable';

/** What a provider returns; `measure` adds the metric's name and the time. */
export interface Reading {
  value: number | null;
  verdict: Verdict;
  detail: string;
  stableValue?: number | null;
}

/** The values `{{ … }}` sees when measuring `variant`. */
export function templateContext(ctx: AnalysisContext, variant: Variant): Record<string, unknown> {
  const version = variant === 'canary' ? ctx.canaryVersion : ctx.stableVersion;
  return {
    variant,
    weight: ctx.weight,
    model: { version: version ?? undefined },
    canary: { version: ctx.canaryVersion },
    stable: { version: ctx.stableVersion ?? undefined },
  };
}

/** The context's signal, also aborted after `ms`. */
export function deadline(ctx: AnalysisContext, ms: number): AbortSignal {
  return AbortSignal.any([ctx.signal, AbortSignal.timeout(ms)]);
}

/** Takes one measurement; never rejects for what it measured, only for a spec mistake. */
export async function measure(metric: ResolvedMetric, ctx: AnalysisContext): Promise<Measurement> {
  const at = new Date();
  let reading: Reading;
  if (metric.compare && ctx.stableVersion === null) {
    return { metric: metric.name, at, value: null, verdict: 'inconclusive', detail: 'compare: stable needs a stable version to compare with, and there is none (a first deploy)' };
  }
  try {
    if (metric.provider === 'prometheus') reading = await measurePrometheus(metric, ctx);
    else if (metric.provider === 'http') reading = await measureHttp(metric, ctx);
    else if (metric.provider === 'traffic') reading = measureTraffic(metric, ctx);
    else reading = await measureRun(metric, ctx);
  } catch (error) {
    if (error instanceof PipewrightError) throw error;
    reading = { value: null, verdict: 'inconclusive', detail: `could not measure: ${(error as Error).message}` };
  }
  return { metric: metric.name, at, ...reading };
}

/**
 * fetch refuses credentials in a URL: moves `user:password@` out of `url` (in place) into
 * a basic authorization header.
 */
export function credentialsAsHeader(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** `value` against the metric's `min` and `max`. */
export function checkBounds(metric: ResolvedMetric, value: number, shown: string): Reading {
  const { min, max } = metric.spec;
  if (min !== undefined && value < min) return { value, verdict: 'fail', detail: `${shown} < min ${min}` };
  if (max !== undefined && value > max) return { value, verdict: 'fail', detail: `${shown} > max ${max}` };
  const bounds = [min !== undefined ? `≥ min ${min}` : '', max !== undefined ? `≤ max ${max}` : ''].filter(Boolean).join(', ');
  return { value, verdict: 'pass', detail: bounds ? `${shown} ${bounds}` : `${shown} (no bound)` };
}

/** Combines the verdicts of several checks of one measurement: any fail fails, then inconclusive. */
export function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('inconclusive')) return 'inconclusive';
  return 'pass';
}
