// The Prometheus provider: an instant query whose single value is the measurement, or, for
// `compare: stable`, the canary's and the stable's values over the same window. An empty
// result, NaN, an error document or a server that does not answer is inconclusive: the
// monitoring failing says nothing about the canary, and inconclusive never promotes.
import { parseDuration } from '../../spec/duration.ts';
import { renderTemplate } from '../../spec/template.ts';
import type { AnalysisContext } from '../types.ts';
import { type Bucket, formatNumber, judgeHistograms, judgeProportions, judgeSamples } from './compare.ts';
import { checkBounds, credentialsAsHeader, deadline, type Reading, templateContext, type Variant } from './measure.ts';
import type { ResolvedMetric, VariantTemplate } from './spec.ts';

interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

type QueryAnswer = { ok: true; series: Series[] } | { ok: false; detail: string };

/** The address as a person may read it: credentials in it (`user:token@`) are masked. */
export function shownAddress(address: string): string {
  try {
    const url = new URL(address);
    if (!url.username && !url.password) return address;
    url.username = '***';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return address;
  }
}

/** GET one query; every way it can go wrong becomes a sentence. */
async function query(endpoint: string, path: string, params: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<QueryAnswer> {
  const address = shownAddress(endpoint);
  const url = new URL(path, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const headers = { accept: 'application/json', ...credentialsAsHeader(url) };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal, headers });
    text = await response.text();
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (signal.aborted) {
      const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
      return { ok: false, detail: timedOut ? `Prometheus at ${address} did not answer within ${timeoutMs} ms` : 'the query was aborted' };
    }
    return { ok: false, detail: `Prometheus at ${address} is unreachable: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
  let body: { status?: string; errorType?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, detail: `Prometheus at ${address} answered ${response.status} with no JSON: '${text.slice(0, 120)}'` };
  }
  if (body.status !== 'success' || !body.data) {
    return { ok: false, detail: `Prometheus answered ${response.status} ${body.errorType ?? body.status ?? ''}: ${body.error ?? 'no data'}`.replace(/ +:/, ':') };
  }
  const { resultType, result } = body.data;
  if (resultType === 'scalar') return { ok: true, series: [{ metric: {}, value: result as [number, string] }] };
  if (resultType === 'vector' || resultType === 'matrix') return { ok: true, series: result as Series[] };
  return { ok: false, detail: `Prometheus answered a ${resultType} result; expected a number (a vector of one series, or a scalar)` };
}

function labels(series: Series): string {
  const { __name__: name = '', ...rest } = series.metric;
  return `${name}{${Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}

/** One number out of an instant query's answer, or why not. */
function single(answer: QueryAnswer, what: string): { value: number } | { detail: string } {
  if (!answer.ok) return { detail: answer.detail };
  if (answer.series.length === 0) return { detail: `${what}: empty result (no series matched)` };
  if (answer.series.length > 1) {
    return { detail: `${what}: ${answer.series.length} series (${answer.series.slice(0, 3).map(labels).join(', ')}${answer.series.length > 3 ? ', …' : ''}); expected one: aggregate with sum(...)` };
  }
  const raw = answer.series[0]!.value?.[1];
  const value = Number(raw);
  if (raw === undefined || Number.isNaN(value)) return { detail: `${what}: NaN (0/0: no requests in the window?)` };
  return { value };
}

function render(template: string, ctx: AnalysisContext, variant: Variant): string {
  return renderTemplate(template, templateContext(ctx, variant));
}

/** Whether a template is written once for both variants and does not name `{{ variant }}`: split by label. */
function splitsByLabel(template: VariantTemplate): template is string {
  return typeof template === 'string' && !/\{\{\s*variant\s*\}\}/.test(template);
}

/**
 * The series of each variant: two queries (a template per variant, or one with `{{ variant }}`),
 * or one query whose series carry the variant label. A variant with no series is named.
 */
async function perVariant(
  metric: ResolvedMetric,
  template: VariantTemplate,
  ctx: AnalysisContext,
  ask: (q: string) => Promise<QueryAnswer>,
  emptyIsZero = false,
): Promise<{ canary: Series[]; stable: Series[] } | { detail: string }> {
  const label = metric.variantLabel;
  if (splitsByLabel(template)) {
    const answer = await ask(render(template, ctx, 'canary'));
    if (!answer.ok) return { detail: answer.detail };
    const of = (v: Variant) => answer.series.filter((s) => s.metric[label] === v);
    const found = { canary: of('canary'), stable: of('stable') };
    const missing = (['canary', 'stable'] as const).filter((v) => found[v].length === 0);
    if (missing.length && !emptyIsZero) {
      const seen = [...new Set(answer.series.map((s) => s.metric[label]).filter(Boolean))];
      return { detail: `the query returned no series for the ${missing.join(' and ')} variant (${label}="${missing[0]}"); ${seen.length ? `found ${label}=${seen.map((v) => `"${v}"`).join(', ')}` : `no series has a '${label}' label: group by (${label})`}` };
    }
    return found;
  }
  const text = (v: Variant) => (typeof template === 'string' ? template : template[v]);
  const [canary, stable] = await Promise.all([ask(render(text('canary'), ctx, 'canary')), ask(render(text('stable'), ctx, 'stable'))]);
  if (!canary.ok) return { detail: canary.detail };
  if (!stable.ok) return { detail: stable.detail };
  const missing = ([['canary', canary], ['stable', stable]] as const).filter(([, a]) => a.series.length === 0).map(([v]) => v);
  if (missing.length && !emptyIsZero) return { detail: `the query returned no series for the ${missing.join(' and ')} variant` };
  return { canary: canary.series, stable: stable.series };
}

function sampleValues(series: Series[]): number[] {
  return series.flatMap((s) => (s.values ?? (s.value ? [s.value] : [])).map(([, v]) => Number(v))).filter((v) => !Number.isNaN(v));
}

/**
 * A latency histogram (series labelled `le`, e.g. `sum by (le) (increase(…_bucket[1m]))`):
 * each bucket's value at the end of the window, summed over series with the same bound.
 */
function buckets(series: Series[]): Bucket[] {
  const byBound = new Map<number, number>();
  for (const s of series) {
    const last = s.values?.[s.values.length - 1] ?? s.value;
    const le = s.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.metric.le);
    byBound.set(le, (byBound.get(le) ?? 0) + Number(last?.[1] ?? Number.NaN));
  }
  return [...byBound].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
}

function sumValues(series: Series[]): number {
  return series.reduce((sum, s) => sum + Number(s.value?.[1] ?? Number.NaN), 0);
}

export async function measurePrometheus(metric: ResolvedMetric, ctx: AnalysisContext): Promise<Reading> {
  const p = metric.spec.prometheus!;
  const signal = deadline(ctx, metric.timeoutMs);
  const instant = (q: string) => query(p.address, 'api/v1/query', { query: q }, signal, metric.timeoutMs);
  const inconclusive = (detail: string): Reading => ({ value: null, verdict: 'inconclusive', detail });

  if (!metric.compare) {
    const answer = single(await instant(render(p.query as string, ctx, 'canary')), 'the query');
    return 'detail' in answer ? inconclusive(answer.detail) : checkBounds(metric, answer.value, formatNumber(answer.value));
  }

  const options = { maxDegradation: metric.maxDegradation, alpha: metric.alpha, worse: metric.worse };
  if (p.query !== undefined) {
    const windowMs = parseDuration(p.window ?? '1m');
    const stepMs = parseDuration(p.step ?? '1s');
    const end = Date.now() / 1000;
    const range = (q: string) =>
      query(p.address, 'api/v1/query_range', { query: q, start: String(end - windowMs / 1000), end: String(end), step: String(stepMs / 1000) }, signal, metric.timeoutMs);
    const series = await perVariant(metric, p.query, ctx, range);
    if ('detail' in series) return inconclusive(series.detail);
    const histogram = [...series.canary, ...series.stable].every((s) => s.metric.le !== undefined);
    const judged = histogram
      ? judgeHistograms(buckets(series.canary), buckets(series.stable), options)
      : judgeSamples(sampleValues(series.canary), sampleValues(series.stable), { ...options, series: true });
    return { value: judged.canary, stableValue: judged.stable, verdict: judged.verdict, detail: judged.detail };
  }

  // No error series yet (no 5xx ever counted) is zero errors; the totals must exist for both.
  const errors = await perVariant(metric, p.errors!, ctx, instant, true);
  if ('detail' in errors) return inconclusive(`errors: ${errors.detail}`);
  const total = await perVariant(metric, p.total!, ctx, instant);
  if ('detail' in total) return inconclusive(`total: ${total.detail}`);
  const judged = judgeProportions({ errors: sumValues(errors.canary), total: sumValues(total.canary) }, { errors: sumValues(errors.stable), total: sumValues(total.stable) }, options);
  return { value: judged.canary, stableValue: judged.stable, verdict: judged.verdict, detail: judged.detail };
}
