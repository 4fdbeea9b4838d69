// runMetric's Argo Rollouts semantics, driven by a real script that answers from a list:
// `pass` prints 1 (max 5), `fail` exits 1, `nan` prints NaN (inconclusive), `hang` sleeps.
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisSpecError, type AnalysisMetricSpec, runMetric } from '../../../../shared/src/deploy/analysis/index.ts';
import type { Measurement } from '../../../../shared/src/deploy/types.ts';
import { type ScriptDir, scriptDir } from './workspace.ts';

const SEQUENCE = `#!/bin/sh
n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n
case $(sed -n "\${n}p" outcomes) in fail) exit 1;; nan) echo NaN;; hang) sleep 300;; *) echo 1;; esac
`;

let dirs: ScriptDir[] = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

/** A workspace whose `./next` answers `outcomes` in order. */
function answering(...outcomes: string[]): ScriptDir {
  const ws = scriptDir();
  dirs.push(ws);
  ws.script('next', SEQUENCE);
  ws.script('outcomes', `${outcomes.join('\n')}\n`);
  return ws;
}

function metric(extra: Partial<AnalysisMetricSpec> = {}): AnalysisMetricSpec {
  return { run: './next', max: 5, interval: '50ms', ...extra };
}

function verdicts(ms: Measurement[]): string {
  return ms.map((m) => m.verdict).join(' ');
}

describe('runMetric: count, failure-limit, inconclusive-limit', () => {
  it('a step analysis without count takes one measurement', async () => {
    const result = await runMetric('rate', metric(), answering('pass', 'fail').context());
    expect(result.verdict).toBe('pass');
    expect(verdicts(result.measurements)).toBe('pass');
    expect(result.reason).toBe('rate: 1 measurement within limits; last: 1 ≤ max 5');
  });

  it('takes count measurements, interval apart, and passes when failures stay within failure-limit', async () => {
    const seen: Measurement[] = [];
    const result = await runMetric('rate', metric({ count: 4, 'failure-limit': 1, interval: '150ms' }), answering('pass', 'fail', 'pass', 'pass').context(), (m) => {
      seen.push(m);
    });
    expect(result.verdict).toBe('pass');
    expect(verdicts(result.measurements)).toBe('pass fail pass pass');
    expect(seen).toEqual(result.measurements);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at.getTime() - seen[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(149);
    expect(result.reason).toBe('rate: 4 measurements within limits (1 failed); last: 1 ≤ max 5');
  });

  it('fails as soon as failures exceed failure-limit, without taking the rest of the count', async () => {
    const result = await runMetric('rate', metric({ count: 10, 'failure-limit': 1 }), answering('pass', 'fail', 'pass', 'fail', 'pass').context());
    expect(result.verdict).toBe('fail');
    expect(verdicts(result.measurements)).toBe('pass fail pass fail');
    expect(result.reason).toBe("rate: './next' exited 1 (2 of 4 measurements failed, failure-limit 1)");
  });

  it('is inconclusive as soon as inconclusive results exceed inconclusive-limit', async () => {
    const result = await runMetric('rate', metric({ count: 5, 'inconclusive-limit': 1 }), answering('nan', 'pass', 'nan', 'pass').context());
    expect(result.verdict).toBe('inconclusive');
    expect(verdicts(result.measurements)).toBe('inconclusive pass inconclusive');
    expect(result.reason).toBe("rate inconclusive: './next' printed NaN (2 of 3 measurements inconclusive, inconclusive-limit 1)");
  });

  it('inconclusive-limit 0 (the default): one empty result is enough, never a pass', async () => {
    const result = await runMetric('rate', metric({ count: 3 }), answering('pass', 'nan', 'pass').context());
    expect(result.verdict).toBe('inconclusive');
    expect(result.measurements).toHaveLength(2);
  });

  it('failure-limit is checked before inconclusive-limit on the same measurement count', async () => {
    const result = await runMetric('rate', metric({ count: 3, 'inconclusive-limit': 2 }), answering('nan', 'fail').context());
    expect(result.verdict).toBe('fail');
  });

  it('rejects a metric with no provider or two, and a bad count, by name, before measuring', async () => {
    const ctx = answering('pass').context();
    await expect(runMetric('rate', { max: 1 }, ctx)).rejects.toThrow(new AnalysisSpecError('rate', 'expected exactly one provider (prometheus, http, run or traffic), found none'));
    await expect(runMetric('rate', { run: './next', http: { url: 'http://x' } }, ctx)).rejects.toThrow(/found http, run/);
    await expect(runMetric('rate', metric({ count: 0 }), ctx)).rejects.toThrow("metric 'rate': 'count' must be a whole number ≥ 1, found 0");
    await expect(runMetric('rate', metric({ interval: '15 seconds' }), ctx)).rejects.toThrow(/'interval' must be a positive duration .* found '15 seconds'/);
  });
});

describe('runMetric: continuous (background) analysis', () => {
  it('without count, measures every interval until the signal aborts, then passes', async () => {
    const controller = new AbortController();
    let taken = 0;
    const ws = answering('pass', 'pass', 'pass', 'pass', 'pass', 'pass');
    const result = await runMetric('rate', metric(), ws.context({ signal: controller.signal }), () => {
      if (++taken === 3) controller.abort();
    }, { continuous: true });
    expect(result.verdict).toBe('pass');
    expect(result.measurements).toHaveLength(3);
    expect(result.reason).toBe('rate: 3 measurements within limits; last: 1 ≤ max 5');
  });

  it('fails fast: resolves at the failing measurement, with the signal never aborted', async () => {
    const controller = new AbortController();
    let reported = 0;
    const result = await runMetric('rate', metric({ interval: '100ms' }), answering('pass', 'pass', 'fail', 'pass').context({ signal: controller.signal }), () => {
      reported++;
    }, { continuous: true });
    expect(result.verdict).toBe('fail');
    expect(verdicts(result.measurements)).toBe('pass pass fail');
    expect(reported).toBe(3);
    expect(controller.signal.aborted).toBe(false);
  });

  it('an abort during a long interval ends the wait at once (a 1 h interval would time the test out)', async () => {
    const controller = new AbortController();
    const result = await runMetric('rate', metric({ interval: '1h' }), answering('pass', 'pass').context({ signal: controller.signal }), () => {
      setTimeout(() => controller.abort(), 20);
    }, { continuous: true });
    expect(result.verdict).toBe('pass');
    expect(result.measurements).toHaveLength(1);
  });

  it('an abort during a hanging measurement stops it and does not count it', async () => {
    const controller = new AbortController();
    const ws = answering('pass', 'hang');
    const result = await runMetric('rate', metric({ timeout: '1h' }), ws.context({ signal: controller.signal }), (m) => {
      if (m.verdict === 'pass') setTimeout(() => controller.abort(), 300);
    }, { continuous: true });
    expect(verdicts(result.measurements)).toBe('pass');
    expect(result.verdict).toBe('pass');
  });

  it('stopped before its first measurement: inconclusive', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runMetric('rate', metric(), answering('pass').context({ signal: controller.signal }), undefined, { continuous: true });
    expect(result).toMatchObject({ verdict: 'inconclusive', measurements: [], reason: 'rate: stopped before its first measurement' });
  });

  it('a step analysis stopped before its count is inconclusive', async () => {
    const controller = new AbortController();
    const result = await runMetric('rate', metric({ count: 3, interval: '1h' }), answering('pass', 'pass', 'pass').context({ signal: controller.signal }), () => {
      controller.abort();
    });
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'rate: stopped after 1 of 3 measurements' });
  });

  it('continuous with count ends after count measurements', async () => {
    const result = await runMetric('rate', metric({ count: 2 }), answering('pass', 'pass', 'fail').context(), undefined, { continuous: true });
    expect(result.verdict).toBe('pass');
    expect(result.measurements).toHaveLength(2);
  });
});
