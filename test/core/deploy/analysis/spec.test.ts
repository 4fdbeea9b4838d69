// A metric spec that cannot run is refused before the first measurement, by name, saying
// which key, what was expected and what was found; defaults are applied once.
import { describe, expect, it } from 'vitest';
import { type AnalysisMetricSpec, AnalysisSpecError, resolveMetric } from '../../../../shared/src/deploy/analysis/index.ts';

const prometheus = { address: 'http://127.0.0.1:9090' };

function refused(spec: AnalysisMetricSpec): string {
  try {
    resolveMetric('latency', spec);
  } catch (error) {
    expect(error).toBeInstanceOf(AnalysisSpecError);
    expect((error as AnalysisSpecError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be refused`);
}

describe('resolveMetric', () => {
  it('applies the defaults: 10s interval, limits 0, 30s timeout, alpha 0.05, higher is worse', () => {
    expect(resolveMetric('m', { prometheus: { ...prometheus, query: 'up' } })).toMatchObject({
      provider: 'prometheus',
      intervalMs: 10_000,
      count: undefined,
      failureLimit: 0,
      inconclusiveLimit: 0,
      timeoutMs: 30_000,
      compare: false,
      maxDegradation: 0,
      worse: 'higher',
      variantLabel: 'variant',
    });
    expect(resolveMetric('m', { prometheus: { ...prometheus, query: 'up' } }).alpha).toBeCloseTo(0.05, 12);
    expect(resolveMetric('m', { prometheus: { ...prometheus, query: 'up', timeout: '2s' }, timeout: '9s' }).timeoutMs).toBe(2_000);
    expect(resolveMetric('m', { run: './check', timeout: '9s' }).timeoutMs).toBe(9_000);
  });

  it('refuses what cannot run, naming the key, what was expected and what was found', () => {
    expect(refused({ prometheus: { address: '127.0.0.1:9090', query: 'up' } })).toBe("metric 'latency': 'prometheus.address' must be an http(s) URL, found '127.0.0.1:9090'");
    expect(refused({ prometheus: { ...prometheus } })).toBe("metric 'latency': expected either 'prometheus.query' or 'prometheus.errors' with 'prometheus.total', found neither");
    expect(refused({ prometheus: { ...prometheus, query: 'up', errors: 'e', total: 't' }, compare: 'stable' })).toContain('found both');
    expect(refused({ prometheus: { ...prometheus, errors: 'e' }, compare: 'stable' })).toBe("metric 'latency': 'prometheus.errors' and 'prometheus.total' go together; found only 'errors'");
    expect(refused({ prometheus: { ...prometheus, errors: 'e', total: 't' } })).toContain("are for 'compare: stable'");
    expect(refused({ prometheus: { ...prometheus, query: 'up{variant="{{ variant"}' } })).toMatch(/^metric 'latency': 'prometheus.query': unclosed template/);
    expect(refused({ run: './check', compare: 'stable' })).toBe("metric 'latency': 'compare: stable' needs a prometheus or http provider, found run");
    expect(refused({ run: './check "unclosed' })).toMatch(/^metric 'latency': 'run': cannot split the command .* a quote is not closed/);
    expect(refused({ run: './check', min: 2, max: 1 })).toBe("metric 'latency': 'min' (2) is above 'max' (1)");
    expect(refused({ http: { url: 'http://x', requests: 0 } })).toBe("metric 'latency': 'http.requests' must be a whole number ≥ 1, found 0");
    expect(refused({ http: { url: 'http://x' }, 'min-success-rate': 99 })).toBe("metric 'latency': 'min-success-rate' must be in [0, 1], found 99");
    expect(refused({ http: { url: 'http://x' }, 'max-p99': '250' })).toMatch(/'max-p99' must be a positive duration .* found '250'/);
    expect(refused({ prometheus: { ...prometheus, query: 'up' }, compare: 'stable', 'max-degradation': -0.1 })).toBe("metric 'latency': 'max-degradation' must be a share ≥ 0 (0.1 = 10% worse), found -0.1");
    expect(refused({ prometheus: { ...prometheus, query: 'up' }, compare: 'stable', confidence: 95 })).toBe("metric 'latency': 'confidence' must be in (0.5, 1), found 95");
    expect(refused({ prometheus: { ...prometheus, query: 'up' }, 'failure-limit': 1.5 })).toBe("metric 'latency': 'failure-limit' must be a whole number ≥ 0, found 1.5");
  });
});
