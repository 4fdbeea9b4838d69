// docs/traffic.md's examples, run as written: the local example's proxy, load test and shadow
// against real model servers (only addresses and durations change), and the kubernetes
// examples rendered exactly as the page shows them.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pipelineSchema } from '../../../../schema/src/index.ts';
import { judgeLoadTest, loadTestPlan, runLoadTest } from '../../../../shared/src/deploy/load/index.ts';
import { runShadow, shadowPlan } from '../../../../shared/src/deploy/shadow/index.ts';
import { KubernetesTarget } from '../../../../shared/src/deploy/targets/kubernetes.ts';
import { startLocalTarget } from '../../../../shared/src/deploy/targets/local.ts';
import { parseDuration } from '../../../../shared/src/spec/duration.ts';
import { createSchemaAjv } from '../../../../shared/src/spec/schema-errors.ts';
import { docBlock } from '../../../support/doc-examples.ts';
import { defaultPrediction, startModelServer } from '../model-server.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe('docs/traffic.md', () => {
  it('every deploy example is valid against the spec schema', () => {
    const ajv = createSchemaAjv();
    ajv.addSchema(pipelineSchema);
    const validate = ajv.getSchema(`${pipelineSchema.$id as string}#/definitions/Deploy`)!;
    for (const name of ['local', 'kubernetes', 'gateway']) {
      const { deploy } = parse(docBlock('traffic.md', name));
      expect(validate(deploy) ? [] : validate.errors, name).toEqual([]);
    }
  });

  it('local: the proxy, the load test and the shadow of the example pass against agreeing servers', async () => {
    const { deploy } = parse(docBlock('traffic.md', 'local'));
    const stable = await startModelServer({ name: 'stable' });
    // The candidate's scores differ from stable's by less than the example's tolerance, and
    // its answers name another model (the example ignores `model`).
    const candidate = await startModelServer({ name: 'candidate', predict: (input) => ({ ...defaultPrediction(input), score: defaultPrediction(input).score + 1e-7 }) });
    open.push(stable, candidate);
    const proxy = await startLocalTarget({ ...deploy.local, stable: stable.address, canary: candidate.address, port: 0, upstreamTimeoutMs: parseDuration(deploy.local.timeout), stableVersion: 'v1', canaryVersion: 'v2' });
    open.push(proxy);

    const load = loadTestPlan({ ...deploy['load-test'], url: `http://${candidate.address}/predict`, duration: '1s' });
    expect(load.options).toMatchObject({ method: 'POST', body: '{"x": 3}', rps: 200 });
    const result = await runLoadTest(load.options);
    expect(load.gate).toEqual({ maxP99Ms: 250, maxErrorRate: 0.01 });
    expect(result).toMatchObject({ due: 200, errors: 0 });
    // Latency on a shared test machine is not the server's: the p99 bound is read, not asserted.
    expect(judgeLoadTest(result, load.gate).summary).toMatch(/errors 0\.00% ≤ 1\.00%, p99 [\d.]+ ms [≤>] 250 ms/);
    expect(candidate.seen[0]!.body).toBe('{"x": 3}');

    const shadow = shadowPlan({ ...deploy.shadow, requests: 30 });
    expect(shadow).toMatchObject({ durationMs: 600_000, minAgreement: 0.98, maxP99IncreaseMs: 50, compare: { tolerance: 0.000001, ignore: ['model'] } });
    const running = runShadow({ ...shadow, target: proxy, candidate: candidate.address });
    let done = false;
    running.finally(() => (done = true)).catch(() => {});
    for (let x = 0; !done; x++) await (await fetch(`${proxy.url}/predict`, { method: 'POST', body: JSON.stringify({ x }) })).arrayBuffer();
    const verdict = await running;
    expect(verdict.agreement).toBe(1);
    expect(verdict.paired).toBeGreaterThanOrEqual(30);
  });

  it('kubernetes: the example renders the Ingress the page shows at weight 5', () => {
    const { deploy } = parse(docBlock('traffic.md', 'kubernetes'));
    const target = new KubernetesTarget({ spec: deploy.kubernetes, stableVersion: 'v1', canaryVersion: 'v2' });
    expect(target.render(5)).toBe(docBlock('traffic.md', 'kubernetes-weight-5'));
  });

  it('gateway: the example renders the HTTPRoute the page shows at weight 25', () => {
    const { deploy } = parse(docBlock('traffic.md', 'gateway'));
    const target = new KubernetesTarget({ spec: deploy.kubernetes, stableVersion: 'v1', canaryVersion: 'v2' });
    expect(target.render(25)).toBe(docBlock('traffic.md', 'gateway-weight-25'));
  });
});
