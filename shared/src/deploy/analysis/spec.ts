// The keys of one canary metric the analysis reads, typed, checked and given their defaults
// once, so each provider works with plain numbers and milliseconds.
//
// Keys read, under `deploy.canary.metrics.<name>` (schema: CanaryMetric):
//   prometheus: { address, query, errors, total, window, step, timeout }
//     query / errors / total: a string (may use {{ variant }}) or { canary, stable }
//   http:       { url, requests, timeout }   url: a string or { canary, stable }
//   run:        a command line (argv, never a shell)
//   min, max, min-success-rate, max-p99, timeout (one measurement's limit),
//   interval, count, failure-limit, inconclusive-limit,
//   compare ('stable'), max-degradation, confidence, worse ('higher' | 'lower'),
//   variant-label (the label that tells variants apart in one query; default `variant`)
import type { CanaryMetric, PrometheusProvider } from '@pipewright/schema';
import { PipewrightError } from '../../errors.ts';
import { parseDuration } from '../../spec/duration.ts';
import { scanTemplates, splitCommand } from '../../spec/template.ts';

/** A query (or URL) template: one string for every variant (`{{ variant }}`), or one per variant. */
export type VariantTemplate = NonNullable<PrometheusProvider['query']>;

/** The metric as the spec writes it. */
export type AnalysisMetricSpec = CanaryMetric;

/** A metric spec that cannot be run: says which metric, which key, what was expected and found. */
export class AnalysisSpecError extends PipewrightError {
  constructor(metric: string, message: string) {
    super('invalid-metric', `metric '${metric}': ${message}`, { exitCode: 2 });
  }
}

export type ProviderKind = 'prometheus' | 'http' | 'run' | 'traffic';

/** A metric with every default applied and every duration in milliseconds. */
export interface ResolvedMetric {
  name: string;
  spec: AnalysisMetricSpec;
  provider: ProviderKind;
  intervalMs: number;
  /** undefined: one measurement in a step, until stopped when continuous. */
  count: number | undefined;
  failureLimit: number;
  inconclusiveLimit: number;
  /** The longest one measurement may take (a run command is killed after it). */
  timeoutMs: number;
  compare: boolean;
  maxDegradation: number;
  /** 1 - confidence: a degradation is significant when its one-sided p-value is below this. */
  alpha: number;
  worse: 'higher' | 'lower';
  variantLabel: string;
}

export const DEFAULT_INTERVAL_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_HTTP_REQUESTS = 10;

function duration(metric: string, key: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  try {
    const ms = parseDuration(text);
    if (ms <= 0) throw new Error();
    return ms;
  } catch {
    throw new AnalysisSpecError(metric, `'${key}' must be a positive duration such as '250ms', '15s' or '1m', found '${text}'`);
  }
}

function whole(metric: string, key: string, value: number | undefined, least: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < least) throw new AnalysisSpecError(metric, `'${key}' must be a whole number ≥ ${least}, found ${value}`);
  return value;
}

function checkTemplate(metric: string, key: string, template: VariantTemplate | undefined): void {
  if (template === undefined) return;
  const texts = typeof template === 'string' ? [template] : [template.canary, template.stable];
  if (typeof template !== 'string' && (typeof template.canary !== 'string' || typeof template.stable !== 'string')) {
    throw new AnalysisSpecError(metric, `'${key}' must be a string or { canary, stable }, found ${JSON.stringify(template)}`);
  }
  for (const text of texts) {
    const problem = scanTemplates(text).problems[0];
    if (problem) throw new AnalysisSpecError(metric, `'${key}': ${problem.message} in '${text}'`);
  }
}

/** Checks one metric and applies its defaults; throws AnalysisSpecError naming the key at fault. */
export function resolveMetric(name: string, spec: AnalysisMetricSpec): ResolvedMetric {
  const providers = (['prometheus', 'http', 'run', 'traffic'] as const).filter((p) => spec[p] !== undefined);
  if (providers.length !== 1) {
    throw new AnalysisSpecError(name, `expected exactly one provider (prometheus, http, run or traffic), found ${providers.length === 0 ? 'none' : providers.join(', ')}`);
  }
  const provider = providers[0]!;
  const compare = spec.compare !== undefined;
  if (compare && spec.compare !== 'stable') throw new AnalysisSpecError(name, `'compare' must be 'stable', found '${String(spec.compare)}'`);
  if (compare && (provider === 'run' || provider === 'traffic')) throw new AnalysisSpecError(name, `'compare: stable' needs a prometheus or http provider, found ${provider}`);
  if (provider === 'traffic') whole(name, 'traffic.min-requests', spec.traffic!['min-requests'], 1);
  if (provider === 'prometheus') {
    const p = spec.prometheus!;
    if (typeof p.address !== 'string' || !/^https?:\/\//.test(p.address)) throw new AnalysisSpecError(name, `'prometheus.address' must be an http(s) URL, found '${String(p.address)}'`);
    checkTemplate(name, 'prometheus.query', p.query);
    checkTemplate(name, 'prometheus.errors', p.errors);
    checkTemplate(name, 'prometheus.total', p.total);
    const ratio = p.errors !== undefined || p.total !== undefined;
    if (ratio && (p.errors === undefined || p.total === undefined)) throw new AnalysisSpecError(name, `'prometheus.errors' and 'prometheus.total' go together; found only '${p.errors === undefined ? 'total' : 'errors'}'`);
    if (ratio && !compare) throw new AnalysisSpecError(name, `'prometheus.errors' and 'prometheus.total' are for 'compare: stable'; without it, write one 'query'`);
    if (ratio === (p.query !== undefined)) throw new AnalysisSpecError(name, `expected either 'prometheus.query' or 'prometheus.errors' with 'prometheus.total', found ${ratio ? 'both' : 'neither'}`);
    duration(name, 'prometheus.window', p.window, 1);
    duration(name, 'prometheus.step', p.step, 1);
  }
  if (provider === 'http') {
    checkTemplate(name, 'http.url', spec.http!.url);
    whole(name, 'http.requests', spec.http!.requests, 1);
    duration(name, 'http.timeout', spec.http!.timeout, 1);
    if (spec['min-success-rate'] !== undefined && !(spec['min-success-rate'] >= 0 && spec['min-success-rate'] <= 1)) {
      throw new AnalysisSpecError(name, `'min-success-rate' must be in [0, 1], found ${spec['min-success-rate']}`);
    }
    duration(name, 'max-p99', spec['max-p99'], 1);
  }
  if (provider === 'run') {
    if (typeof spec.run !== 'string' || spec.run.trim() === '') throw new AnalysisSpecError(name, `'run' must be a command line, found ${JSON.stringify(spec.run)}`);
    try {
      splitCommand(spec.run);
    } catch (error) {
      throw new AnalysisSpecError(name, `'run': ${(error as Error).message}`);
    }
    checkTemplate(name, 'run', spec.run);
  }
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) throw new AnalysisSpecError(name, `'min' (${spec.min}) is above 'max' (${spec.max})`);
  const maxDegradation = spec['max-degradation'] ?? 0;
  if (!(maxDegradation >= 0)) throw new AnalysisSpecError(name, `'max-degradation' must be a share ≥ 0 (0.1 = 10% worse), found ${maxDegradation}`);
  const confidence = spec.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0.5 && confidence < 1)) throw new AnalysisSpecError(name, `'confidence' must be in (0.5, 1), found ${confidence}`);
  if (spec.worse !== undefined && spec.worse !== 'higher' && spec.worse !== 'lower') throw new AnalysisSpecError(name, `'worse' must be 'higher' or 'lower', found '${String(spec.worse)}'`);
  return {
    name,
    spec,
    provider,
    intervalMs: duration(name, 'interval', spec.interval, DEFAULT_INTERVAL_MS),
    count: whole(name, 'count', spec.count, 1),
    failureLimit: whole(name, 'failure-limit', spec['failure-limit'], 0) ?? 0,
    inconclusiveLimit: whole(name, 'inconclusive-limit', spec['inconclusive-limit'], 0) ?? 0,
    timeoutMs: duration(name, provider === 'prometheus' ? 'prometheus.timeout' : 'timeout', provider === 'prometheus' ? (spec.prometheus!.timeout ?? spec.timeout) : spec.timeout, DEFAULT_TIMEOUT_MS),
    compare,
    maxDegradation,
    alpha: 1 - confidence,
    worse: spec.worse ?? 'higher',
    variantLabel: spec['variant-label'] ?? 'variant',
  };
}
