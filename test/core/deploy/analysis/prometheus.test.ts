// The prometheus provider against a real Prometheus on loopback scraping a Node exporter
// every second: a value, an empty vector, NaN, an error document, several series, the
// canary-vs-stable judge on range and instant queries, a server that never answers, and
// Prometheus stopped. Everything that is not a number is inconclusive, never a pass.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisMetricSpec, runMetric } from '../../../../shared/src/deploy/analysis/index.ts';
import type { AnalysisContext, Measurement } from '../../../../shared/src/deploy/types.ts';
import { seededRandom } from '../../../support/random.ts';
import { freePort, waitFor } from '../../../support/servers.ts';
import { type Exporter, type RunningPrometheus, startExporter, startPrometheus } from './prometheus-server.ts';

const random = seededRandom(20261207);
/** A latency in seconds around `median`, log-normal with sigma 0.05. */
function latency(median: number): string {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return (median * Math.exp(0.05 * normal)).toFixed(6);
}

const BOUNDS = ['0.05', '0.1', '0.15', '0.2', '0.3', '0.5', '+Inf'];
/** Requests per scrape in each latency bucket: the canary's sit one bucket higher. */
const PER_SCRAPE = { canary: [0, 8, 25, 12, 4, 1, 0], stable: [2, 30, 15, 2, 1, 0, 0] };
let histogramScrapes = 0;
function histogram(name: string, variant: string, perScrape: number[]): string[] {
  let cumulative = 0;
  return BOUNDS.map((le, i) => {
    cumulative += perScrape[i]! * histogramScrapes;
    return `${name}_bucket{variant="${variant}",le="${le}"} ${cumulative}`;
  });
}

let errorRatio = '0.004';
function metrics(): string {
  histogramScrapes++;
  return [
    ...histogram('request_duration_seconds', 'canary', PER_SCRAPE.canary),
    ...histogram('request_duration_seconds', 'stable', PER_SCRAPE.stable),
    ...histogram('same_duration_seconds', 'canary', PER_SCRAPE.stable),
    ...histogram('same_duration_seconds', 'stable', PER_SCRAPE.stable),
    `canary_error_ratio{version="v3"} ${errorRatio}`,
    'model_score NaN',
    'replicas{variant="canary"} 1',
    'replicas{variant="stable"} 3',
    `request_latency_seconds{variant="canary"} ${latency(0.13)}`,
    `request_latency_seconds{variant="stable"} ${latency(0.1)}`,
    `similar_latency_seconds{variant="canary"} ${latency(0.102)}`,
    `similar_latency_seconds{variant="stable"} ${latency(0.1)}`,
    `new_latency_seconds{variant="canary"} ${latency(0.1)}`,
    'http_requests_total{variant="canary",code="200"} 570',
    'http_requests_total{variant="canary",code="500"} 30',
    'http_requests_total{variant="stable",code="200"} 11395',
    'http_requests_total{variant="stable",code="500"} 5',
    'healthy_requests_total{variant="canary",code="200"} 600',
    'healthy_requests_total{variant="stable",code="200"} 11400',
    '',
  ].join('\n');
}

let exporter: Exporter;
let prometheus: RunningPrometheus;
beforeAll(async () => {
  exporter = await startExporter(metrics);
  prometheus = await startPrometheus(exporter.url);
});
afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

function context(): AnalysisContext {
  return { canaryVersion: 'v3', stableVersion: 'v2', weight: 5, cwd: process.cwd(), env: {}, signal: new AbortController().signal };
}

async function once(spec: Omit<AnalysisMetricSpec, 'prometheus'> & { prometheus: Omit<NonNullable<AnalysisMetricSpec['prometheus']>, 'address'> & { address?: string } }): Promise<Measurement> {
  const result = await runMetric('m', { ...spec, prometheus: { address: prometheus.url, ...spec.prometheus } }, context());
  expect(result.measurements).toHaveLength(1);
  return result.measurements[0]!;
}

describe('prometheus provider: instant queries', () => {
  it('a value within max passes; the same query fails once the exporter reports 0.21', async () => {
    expect(await once({ prometheus: { query: 'canary_error_ratio' }, max: 0.01 })).toMatchObject({ value: 0.004, verdict: 'pass', detail: '0.004 ≤ max 0.01' });
    errorRatio = '0.21';
    await waitFor('the new ratio scraped', async () => (await prometheus.value('canary_error_ratio')) === '0.21');
    expect(await once({ prometheus: { query: 'canary_error_ratio' }, max: 0.01 })).toMatchObject({ value: 0.21, verdict: 'fail', detail: '0.21 > max 0.01' });
  });

  it('templates the query with the canary version', async () => {
    expect(await once({ prometheus: { query: 'canary_error_ratio{version="{{ model.version }}"}' } })).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/ \(no bound\)$/) });
    const other = await runMetric('m', { prometheus: { address: prometheus.url, query: 'canary_error_ratio{version="{{ model.version }}"}' } }, { ...context(), canaryVersion: 'v9' });
    expect(other.verdict).toBe('inconclusive');
  });

  it('an empty vector is inconclusive', async () => {
    expect(await once({ prometheus: { query: 'no_such_metric' }, max: 1 })).toMatchObject({ value: null, verdict: 'inconclusive', detail: 'the query: empty result (no series matched)' });
  });

  it('NaN, scraped or computed (0/0), is inconclusive', async () => {
    const nan = { value: null, verdict: 'inconclusive', detail: 'the query: NaN (0/0: no requests in the window?)' };
    expect(await once({ prometheus: { query: 'model_score' }, min: 0.8 })).toMatchObject(nan);
    expect(await once({ prometheus: { query: 'sum(no_such_metric or vector(0)) / sum(no_such_metric or vector(0))' }, max: 1 })).toMatchObject(nan);
  });

  it('an error document (bad PromQL) is inconclusive, with what Prometheus said', async () => {
    const m = await once({ prometheus: { query: 'sum(rate(http_requests_total[1m]' }, max: 1 });
    expect(m.verdict).toBe('inconclusive');
    expect(m.detail).toMatch(/^Prometheus answered 400 bad_data: .*parse error/);
  });

  it('several series are inconclusive: one value is expected', async () => {
    const m = await once({ prometheus: { query: 'replicas' }, max: 5 });
    expect(m.verdict).toBe('inconclusive');
    expect(m.detail).toMatch(/^the query: 2 series \(replicas\{instance="[\d.:]+", job="exporter", variant="canary"\}, replicas\{.*variant="stable"\}\); expected one: aggregate with sum\(\.\.\.\)$/);
  });
});

describe('prometheus provider: canary vs stable', () => {
  beforeAll(async () => {
    const from = exporter.scrapes;
    await waitFor('twelve more scrapes', () => exporter.scrapes >= from + 12, 40_000);
  }, 60_000);
  const judge = { compare: 'stable' as const, 'max-degradation': 0.1 };

  it('a canary 30% slower fails on its latency samples over the window (one template, split by the variant label)', async () => {
    const m = await once({ ...judge, prometheus: { query: 'request_latency_seconds', window: '30s', step: '1s' } });
    expect(m.verdict).toBe('fail');
    expect(m.value! / m.stableValue!).toBeGreaterThan(1.15);
    expect(m.detail).toMatch(/^median 0\.1\d+ vs stable 0\.0?\d+ \(Mann-Whitney U, \d+ vs \d+ samples(; effective [\d.]+ vs [\d.]+ for autocorrelation)?\): canary \d+(\.\d+)?% worse; significantly worse than max-degradation 10% \(p = \S+, alpha 0\.05\)$/);
  });

  it('a canary 2% slower passes: below max-degradation, significant or not (a template per variant)', async () => {
    const m = await once({ ...judge, prometheus: { query: { canary: 'similar_latency_seconds{variant="canary"}', stable: 'similar_latency_seconds{variant="stable"}' }, window: '30s' } });
    expect(m.verdict).toBe('pass');
    expect(m.stableValue).toBeGreaterThan(0);
  });

  it('a query with series for one variant only is inconclusive, naming the missing one', async () => {
    const split = await once({ ...judge, prometheus: { query: 'new_latency_seconds', window: '30s' } });
    expect(split).toMatchObject({ verdict: 'inconclusive', detail: 'the query returned no series for the stable variant (variant="stable"); found variant="canary"' });
    const templated = await once({ ...judge, prometheus: { query: 'new_latency_seconds{variant="{{ variant }}"}', window: '30s' } });
    expect(templated).toMatchObject({ verdict: 'inconclusive', detail: 'the query returned no series for the stable variant' });
  });

  it('latency histograms: the requests of the window, bucket by bucket; one bucket slower fails', async () => {
    const query = 'sum by (le) (increase(request_duration_seconds_bucket{variant="{{ variant }}"}[10s]))';
    const m = await once({ ...judge, prometheus: { query, window: '10s' } });
    expect(m.verdict).toBe('fail');
    expect(m.detail).toMatch(/^median ≈ 0\.1\d* vs stable 0\.0\d* \(Mann-Whitney U on \d+ vs \d+ requests in 7 buckets\): canary \d+(\.\d+)?% worse; significantly worse than max-degradation 10%/);
    const same = await once({ ...judge, prometheus: { query: 'sum by (variant, le) (increase(same_duration_seconds_bucket[10s]))', window: '10s' } });
    expect(same).toMatchObject({ verdict: 'pass', value: same.stableValue });
  });

  it('error rates: 30/600 against 5/11400 fails the two-proportion test', async () => {
    const m = await once({
      ...judge,
      prometheus: { errors: 'sum(http_requests_total{variant="{{ variant }}",code=~"5.."})', total: 'sum(http_requests_total{variant="{{ variant }}"})' },
    });
    expect(m).toMatchObject({ verdict: 'fail', value: 0.05, stableValue: 5 / 11400 });
    expect(m.detail).toMatch(/^error rate 0\.05 \(30\/600\) vs stable 0\.0004386 \(5\/11400\) \(two-proportion z-test\): canary 11300% worse; significantly worse than max-degradation 10% \(p = 1\.3e-8, alpha 0\.05\)$/);
  });

  it('no error series yet counts as zero errors; totals split by label', async () => {
    const m = await once({ ...judge, prometheus: { errors: 'sum by (variant) (healthy_requests_total{code=~"5.."})', total: 'sum by (variant) (healthy_requests_total)' } });
    expect(m).toMatchObject({ verdict: 'pass', value: 0, stableValue: 0 });
  });
});

describe('prometheus provider: a server that fails', () => {
  let silent: Server;
  afterAll(() => new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve())));

  it('a server that never answers is inconclusive at the timeout', async () => {
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const m = await once({ prometheus: { address, query: 'up', timeout: '300ms' }, max: 1 });
    expect(m).toMatchObject({ verdict: 'inconclusive', detail: `Prometheus at ${address} did not answer within 300 ms` });
    silent.closeAllConnections();
  });

  it('credentials in the address go as basic authentication and never into a detail', async () => {
    let authorization: string | undefined;
    const guarded = createServer((request, response) => {
      authorization = request.headers.authorization;
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"status":"error","errorType":"unauthorized","error":"bad credentials"}');
    });
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
    const port = (guarded.address() as AddressInfo).port;
    try {
      const m = await once({ prometheus: { address: `http://reader:s3cret%21@127.0.0.1:${port}`, query: 'up' }, max: 1 });
      expect(authorization).toBe(`Basic ${Buffer.from('reader:s3cret!').toString('base64')}`);
      expect(m).toMatchObject({ verdict: 'inconclusive', detail: 'Prometheus answered 401 unauthorized: bad credentials' });
      const refused = await once({ prometheus: { address: `http://reader:s3cret@127.0.0.1:${await freePort()}`, query: 'up' }, max: 1 });
      expect(refused.detail).toMatch(/^Prometheus at http:\/\/\*\*\*@127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED$/);
    } finally {
      await new Promise<void>((resolve) => guarded.close(() => resolve()));
    }
  });

  it('Prometheus stopped: inconclusive, never a pass', async () => {
    await prometheus.stop();
    const result = await runMetric('error-rate', { prometheus: { address: prometheus.url, query: 'canary_error_ratio' }, max: 1, count: 2, 'inconclusive-limit': 1, interval: '100ms' }, context());
    expect(result.verdict).toBe('inconclusive');
    expect(result.measurements.map((m) => m.detail)).toEqual([`Prometheus at ${prometheus.url} is unreachable: ECONNREFUSED`, `Prometheus at ${prometheus.url} is unreachable: ECONNREFUSED`]);
    expect(result.reason).toBe(`error-rate inconclusive: Prometheus at ${prometheus.url} is unreachable: ECONNREFUSED (2 of 2 measurements inconclusive, inconclusive-limit 1)`);
  });
});
