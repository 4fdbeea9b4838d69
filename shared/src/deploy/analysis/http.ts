// The `http` provider: `requests` GETs; the share answered 2xx is the measurement, judged by
// `min-success-rate` (default 1 when no other bound is set), `min`/`max`, and the p99
// latency by `max-p99`. Unlike Prometheus, the probed URL is the service itself: a refused
// connection or a timeout is a failed request, so an unreachable canary FAILS.
// With `compare: stable`, both variants are probed in turn and judged against each other:
// latencies with Mann-Whitney U, failures with the two-proportion test.
import { parseDuration } from '../../spec/duration.ts';
import { renderTemplate } from '../../spec/template.ts';
import { rank } from '../load/latency.ts';
import type { AnalysisContext } from '../types.ts';
import { formatNumber, judgeProportions, judgeSamples } from './compare.ts';
import { checkBounds, credentialsAsHeader, deadline, type Reading, templateContext, type Variant, worst } from './measure.ts';
import { AnalysisSpecError, DEFAULT_HTTP_REQUESTS, type ResolvedMetric } from './spec.ts';

const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** Requests in flight at once per variant. */
const CONCURRENCY = 4;

export interface ProbeResult {
  ok: number;
  total: number;
  /** Milliseconds per request, failed ones included (a timed-out one at its timeout). */
  latencies: number[];
  firstError: string | null;
}

async function probe(url: string, requests: number, requestTimeoutMs: number, signal: AbortSignal): Promise<ProbeResult> {
  const result: ProbeResult = { ok: 0, total: 0, latencies: [], firstError: null };
  let next = 0;
  const worker = async () => {
    while (next < requests && !signal.aborted) {
      next++;
      const started = performance.now();
      try {
        const target = new URL(url);
        const headers = credentialsAsHeader(target);
        const response = await fetch(target, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]) });
        await response.arrayBuffer();
        if (response.status >= 200 && response.status < 300) result.ok++;
        else result.firstError ??= `HTTP ${response.status}`;
      } catch (error) {
        if (signal.aborted) return;
        const e = error as Error & { cause?: { code?: string } };
        result.firstError ??= e.name === 'TimeoutError' ? `no answer within ${requestTimeoutMs} ms` : (e.cause?.code ?? e.message);
      }
      result.total++;
      result.latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests) }, worker));
  return result;
}

function ms(value: number): string {
  return `${formatNumber(value)} ms`;
}

export async function measureHttp(metric: ResolvedMetric, ctx: AnalysisContext): Promise<Reading> {
  const http = metric.spec.http!;
  const requests = http.requests ?? DEFAULT_HTTP_REQUESTS;
  const requestTimeoutMs = http.timeout ? parseDuration(http.timeout) : DEFAULT_REQUEST_TIMEOUT_MS;
  const signal = deadline(ctx, metric.timeoutMs);
  const url = (v: Variant) => {
    const text = renderTemplate(typeof http.url === 'string' ? http.url : http.url[v], templateContext(ctx, v));
    if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw new AnalysisSpecError(metric.name, `'http.url' must be an http(s) URL, found '${text}'`);
    return text;
  };

  if (metric.compare) {
    const [canary, stable] = await Promise.all([probe(url('canary'), requests, requestTimeoutMs, signal), probe(url('stable'), requests, requestTimeoutMs, signal)]);
    if (signal.aborted) return { value: null, verdict: 'inconclusive', detail: `probes cut short after ${metric.timeoutMs} ms` };
    const options = { maxDegradation: metric.maxDegradation, alpha: metric.alpha, worse: 'higher' as const };
    const latency = judgeSamples(canary.latencies, stable.latencies, options);
    const errors = judgeProportions({ errors: canary.total - canary.ok, total: canary.total }, { errors: stable.total - stable.ok, total: stable.total }, options);
    return { value: latency.canary, stableValue: latency.stable, verdict: worst([latency.verdict, errors.verdict]), detail: `latency ${latency.detail}; ${errors.detail}` };
  }

  const result = await probe(url('canary'), requests, requestTimeoutMs, signal);
  if (result.total < requests) return { value: null, verdict: 'inconclusive', detail: `probes cut short after ${result.total} of ${requests} requests` };
  const rate = result.ok / result.total;
  const p99 = rank([...result.latencies].sort((a, b) => a - b), 0.99);
  const shown = `${result.ok} of ${result.total} answered 2xx${result.firstError ? ` (first error: ${result.firstError})` : ''}; p99 ${ms(p99)}`;
  const { min, max } = metric.spec;
  const maxP99 = metric.spec['max-p99'];
  const minRate = metric.spec['min-success-rate'] ?? (min === undefined && max === undefined && maxP99 === undefined ? 1 : undefined);
  const problems: string[] = [];
  if (minRate !== undefined && rate < minRate) problems.push(`success rate ${formatNumber(rate)} < min-success-rate ${minRate}`);
  const bounds = checkBounds(metric, rate, `success rate ${formatNumber(rate)}`);
  if (bounds.verdict === 'fail') problems.push(bounds.detail);
  if (maxP99 !== undefined && p99 > parseDuration(maxP99)) problems.push(`p99 ${ms(p99)} > max-p99 ${maxP99}`);
  return { value: rate, verdict: problems.length ? 'fail' : 'pass', detail: problems.length ? `${problems.join('; ')}: ${shown}` : shown };
}
