// The http provider against a real Node server on loopback: success rate, p99, refused
// connections and silent servers (failed requests: the probed service is the canary
// itself), templated URLs, and canary-vs-stable on latency and failures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisMetricSpec, runMetric } from '../../../../shared/src/deploy/analysis/index.ts';
import type { AnalysisContext, Measurement } from '../../../../shared/src/deploy/types.ts';
import { freePort } from '../../../support/servers.ts';

let server: Server;
let base: string;
let flakyCount = 0;
beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    const answer = (status: number, delayMs = 0) => setTimeout(() => response.writeHead(status).end('{}'), delayMs);
    if (path === '/ok') return answer(200);
    if (path === '/flaky') return answer(++flakyCount % 10 === 0 ? 500 : 200);
    if (path === '/hang') return;
    if (path.startsWith('/delay/')) return answer(200, Number(path.slice(7)));
    if (path === '/model/v3/health') return answer(200);
    if (path === '/private') return answer(request.headers.authorization === `Basic ${Buffer.from('probe:pa ss').toString('base64')}` ? 200 : 401);
    answer(404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function context(): AnalysisContext {
  return { canaryVersion: 'v3', stableVersion: 'v2', weight: 5, cwd: process.cwd(), env: {}, signal: new AbortController().signal };
}

async function once(spec: AnalysisMetricSpec): Promise<Measurement> {
  const result = await runMetric('health', spec, context());
  expect(result.measurements).toHaveLength(1);
  return result.measurements[0]!;
}

describe('http provider', () => {
  it('every request answered 2xx passes; the success rate is the value', async () => {
    const m = await once({ http: { url: `${base}/ok`, requests: 10 } });
    expect(m).toMatchObject({ value: 1, verdict: 'pass' });
    expect(m.detail).toMatch(/^10 of 10 answered 2xx; p99 [\d.]+ ms$/);
  });

  it('judges the success rate by min-success-rate (default: every request)', async () => {
    flakyCount = 0;
    const m = await once({ http: { url: `${base}/flaky`, requests: 20 }, 'min-success-rate': 0.95 });
    expect(m).toMatchObject({ value: 0.9, verdict: 'fail' });
    expect(m.detail).toMatch(/^success rate 0\.9 < min-success-rate 0\.95: 18 of 20 answered 2xx \(first error: HTTP 500\); p99/);
    flakyCount = 0;
    expect(await once({ http: { url: `${base}/flaky`, requests: 20 }, 'min-success-rate': 0.85 })).toMatchObject({ value: 0.9, verdict: 'pass' });
    flakyCount = 0;
    expect(await once({ http: { url: `${base}/flaky`, requests: 20 } })).toMatchObject({ value: 0.9, verdict: 'fail' });
  });

  it('fails a p99 above max-p99', async () => {
    const m = await once({ http: { url: `${base}/delay/80`, requests: 8 }, 'max-p99': '50ms' });
    expect(m.verdict).toBe('fail');
    expect(m.detail).toMatch(/^p99 \d+(\.\d+)? ms > max-p99 50ms: 8 of 8 answered 2xx; p99/);
    expect(await once({ http: { url: `${base}/ok`, requests: 8 }, 'max-p99': '5s' })).toMatchObject({ verdict: 'pass' });
  });

  it('a canary that refuses connections fails (the probed URL is the service itself)', async () => {
    const port = await freePort();
    const m = await once({ http: { url: `http://127.0.0.1:${port}/health`, requests: 5 } });
    expect(m).toMatchObject({ value: 0, verdict: 'fail' });
    expect(m.detail).toMatch(/^success rate 0 < min-success-rate 1: 0 of 5 answered 2xx \(first error: ECONNREFUSED\); p99 [\d.]+ ms$/);
  });

  it('a request slower than http.timeout fails', async () => {
    const m = await once({ http: { url: `${base}/hang`, requests: 2, timeout: '200ms' } });
    expect(m.verdict).toBe('fail');
    expect(m.detail).toContain('0 of 2 answered 2xx (first error: no answer within 200 ms)');
  });

  it('credentials in the URL go as basic authentication; a URL that is not http(s) is a spec error', async () => {
    const url = base.replace('http://', 'http://probe:pa%20ss@');
    expect(await once({ http: { url: `${url}/private`, requests: 2 } })).toMatchObject({ verdict: 'pass', value: 1 });
    await expect(runMetric('health', { http: { url: 'ftp://127.0.0.1/health' } }, context())).rejects.toThrow("metric 'health': 'http.url' must be an http(s) URL, found 'ftp://127.0.0.1/health'");
  });

  it('templates the URL with the canary version', async () => {
    expect(await once({ http: { url: `${base}/model/{{ model.version }}/health`, requests: 3 } })).toMatchObject({ verdict: 'pass', value: 1 });
  });

  it('compare: stable: a canary answering in 150 ms against a stable answering in 50 ms fails on latency', async () => {
    const m = await once({ http: { url: { canary: `${base}/delay/150`, stable: `${base}/delay/50` }, requests: 30 }, compare: 'stable', 'max-degradation': 0.2 });
    expect(m.verdict).toBe('fail');
    expect(m.value! / m.stableValue!).toBeGreaterThan(1.2);
    expect(m.detail).toMatch(/^latency median [\d.]+ vs stable [\d.]+ \(Mann-Whitney U, 30 vs 30 samples\): canary \d+(\.\d+)?% worse; significantly worse than max-degradation 20% \(p = \S+, alpha 0\.05\); error rate 0 \(0\/30\) vs stable 0 \(0\/30\) \(two-proportion z-test\): canary the same; not significantly worse/);
  });

  it('compare: stable: the same URL on both sides passes', async () => {
    const m = await once({ http: { url: `${base}/delay/60`, requests: 30 }, compare: 'stable', 'max-degradation': 0.5 });
    expect(m.verdict).toBe('pass');
  });

  it('compare: stable: too few requests to compare error rates is inconclusive', async () => {
    const m = await once({ http: { url: `${base}/ok`, requests: 10 }, compare: 'stable' });
    expect(m.verdict).toBe('inconclusive');
    expect(m.detail).toContain('too few requests to compare error rates: canary 10, stable 10; need 20 each');
  });

  it('compare: stable with no stable version (a first deploy) is inconclusive, and probes nothing', async () => {
    const result = await runMetric('latency', { http: { url: `${base}/ok`, requests: 30 }, compare: 'stable' }, { ...context(), stableVersion: null });
    expect(result.verdict).toBe('inconclusive');
    expect(result.measurements[0]!.detail).toBe('compare: stable needs a stable version to compare with, and there is none (a first deploy)');
  });
});
