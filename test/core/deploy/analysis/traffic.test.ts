// The `traffic` provider against a real local proxy in front of two real model servers: the
// canary's error rate over the requests since the previous measurement, as clients saw it.
import { afterEach, describe, expect, it } from 'vitest';
import { measure } from '../../../../shared/src/deploy/analysis/measure.ts';
import { resolveMetric } from '../../../../shared/src/deploy/analysis/spec.ts';
import { type LocalTarget, startLocalTarget } from '../../../../shared/src/deploy/targets/local.ts';
import type { AnalysisContext } from '../../../../shared/src/deploy/types.ts';
import { startModelServer } from '../model-server.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** A proxy at `weight` in front of a healthy stable and a canary that fails when `failing()`. */
async function proxy(weight: number, failing: () => boolean): Promise<LocalTarget> {
  const stable = await startModelServer({ name: 'stable' });
  const canary = await startModelServer({ name: 'canary', status: () => (failing() ? 500 : 200) });
  open.push(stable, canary);
  const target = await startLocalTarget({ stable: stable.address, canary: canary.address, stableVersion: 'v1', canaryVersion: 'v2', port: 0 });
  open.push(target);
  await target.setWeight(weight);
  return target;
}

async function send(target: LocalTarget, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await (await fetch(`${target.url}/predict`, { method: 'POST', body: '{"x":1}' })).arrayBuffer();
}

function context(target: LocalTarget | undefined): AnalysisContext {
  return { canaryVersion: 'v2', stableVersion: 'v1', weight: 50, cwd: process.cwd(), env: {}, signal: new AbortController().signal, traffic: target };
}

const errors = resolveMetric('errors', { traffic: { measure: 'error-rate', 'min-requests': 10 }, max: 0.05 });

describe('the traffic provider', () => {
  it('measures the failed share of the canary requests since the previous measurement', async () => {
    let failing = false;
    const target = await proxy(50, () => failing);
    await send(target, 40);
    const healthy = await measure(errors, context(target));
    expect(healthy).toMatchObject({ value: 0, verdict: 'pass' });
    expect(healthy.detail).toBe('0 (0 of 20 canary requests failed) ≤ max 0.05');
    // A fault from now on shows in full in the next window, not diluted by the healthy one.
    failing = true;
    await send(target, 40);
    const broken = await measure(errors, context(target));
    expect(broken).toMatchObject({ value: 1, verdict: 'fail', detail: '1 (20 of 20 canary requests failed) > max 0.05' });
  });

  it('is inconclusive below min-requests, and counts those requests in the next window', async () => {
    const target = await proxy(10, () => false);
    await send(target, 50);
    const few = await measure(errors, context(target));
    expect(few).toMatchObject({ value: null, verdict: 'inconclusive', detail: '5 canary requests since the last measurement, fewer than min-requests 10' });
    await send(target, 50);
    expect(await measure(errors, context(target))).toMatchObject({ verdict: 'pass', detail: '0 (0 of 10 canary requests failed) ≤ max 0.05' });
  });

  it('starts again with a new canary', async () => {
    const target = await proxy(50, () => false);
    await send(target, 40);
    await measure(errors, context(target));
    const next = await startModelServer({ name: 'next', status: () => 503 });
    open.push(next);
    await target.setCanary(next.address, 'v3');
    await send(target, 40);
    expect(await measure(errors, context(target))).toMatchObject({ value: 1, verdict: 'fail', detail: '1 (20 of 20 canary requests failed) > max 0.05' });
  });

  it('is inconclusive, saying why, where the target does not carry the traffic', async () => {
    expect(await measure(errors, context(undefined))).toMatchObject({ verdict: 'inconclusive', detail: expect.stringContaining("need deploy.target: local") });
  });

  it('refuses compare: stable and a min-requests below 1 when the spec is read', () => {
    expect(() => resolveMetric('e', { traffic: { measure: 'error-rate' }, compare: 'stable' })).toThrow("'compare: stable' needs a prometheus or http provider, found traffic");
    expect(() => resolveMetric('e', { traffic: { measure: 'error-rate', 'min-requests': 0 } })).toThrow("'traffic.min-requests' must be a whole number ≥ 1, found 0");
  });
});
