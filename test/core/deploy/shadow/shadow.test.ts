// Shadow traffic through the real local proxy: mirrored requests answered by a real
// candidate server, paired with stable's answers by request id, gated on agreement.
import { afterEach, describe, expect, it } from 'vitest';
import { answersDiffer, runShadow, ShadowError, type ShadowOptions, type ShadowResult, shadowPlan } from '../../../../shared/src/deploy/shadow/index.ts';
import { type LocalTarget, startLocalTarget } from '../../../../shared/src/deploy/targets/local.ts';
import type { TrafficTarget } from '../../../../shared/src/deploy/types.ts';
import { defaultPrediction, type ModelServerOptions, startModelServer } from '../model-server.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function setup(candidate: Omit<ModelServerOptions, 'name'>, stableDelay?: ModelServerOptions['delayMs']) {
  const stable = await startModelServer({ name: 'stable', ...(stableDelay ? { delayMs: stableDelay } : {}) });
  const shadow = await startModelServer({ name: 'candidate', ...candidate });
  open.push(stable, shadow);
  const proxy = await startLocalTarget({ stable: stable.address, port: 0, drainMs: 100 });
  open.push(proxy);
  return { stable, shadow, proxy };
}

function send(proxy: LocalTarget, x: number): Promise<number> {
  return fetch(`${proxy.url}/predict`, { method: 'POST', body: JSON.stringify({ x }) }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
}

/** Live traffic from four clients, inputs 0, 1, 2, … in turn, until the shadow ends; returns its result. */
async function shadowWithTraffic(proxy: LocalTarget, options: Omit<ShadowOptions, 'target'>): Promise<ShadowResult> {
  const shadow = runShadow({ target: proxy, ...options });
  let done = false;
  shadow.finally(() => (done = true)).catch(() => {});
  let x = 0;
  const client = async () => {
    while (!done) await send(proxy, x++);
  };
  await Promise.all([client(), client(), client(), client()]);
  return shadow;
}

// The candidate flips the label of every tenth input: it disagrees on 10% of predictions.
const flipsTenPercent = (input: { x?: number }) => {
  const p = defaultPrediction(input);
  return (input.x ?? 0) % 10 === 3 ? { ...p, label: p.label === 'churn' ? 'stay' : 'churn' } : p;
};

describe('runShadow through the local proxy', () => {
  it('fails min-agreement 0.98 for a candidate that disagrees on 10% of predictions', async () => {
    const { shadow, proxy } = await setup({ predict: flipsTenPercent });
    const result = await shadowWithTraffic(proxy, { candidate: shadow.address, durationMs: 60_000, maxPairs: 100, minAgreement: 0.98, compare: { ignore: ['model'] }, graceMs: 1000 });
    expect(result.mode).toBe('reported');
    expect(result.verdict).toBe('fail');
    expect(result.aborted).toBe(false);
    expect(result.paired).toBeGreaterThanOrEqual(100);
    // Inputs are 0, 1, 2, … in order, so the share of flipped ones is 10% within a few.
    expect(result.agreement!).toBeGreaterThan(0.8);
    expect(result.agreement!).toBeLessThan(0.95);
    expect(result.disagreements.length).toBe(Math.min(20, result.paired - result.agreed));
    expect(result.disagreements[0]!.why).toMatch(/^prediction\.label: "(churn|stay)" ≠ "(churn|stay)"$/);
    expect(result.reasons[0]).toMatch(/^agreement \d+\.\d\d% \(\d+ of \d+\) < min-agreement 98\.00%; first difference: prediction\.label/);
    // Mirroring stopped when the shadow ended: live traffic is no longer copied.
    const sent = proxy.counters().mirror.sent;
    await send(proxy, 1);
    expect(proxy.counters().mirror.sent).toBe(sent);
  });

  it('passes an agreeing candidate, with its latency compared to stable', async () => {
    const { shadow, proxy } = await setup({});
    const result = await shadowWithTraffic(proxy, { candidate: shadow.address, durationMs: 60_000, maxPairs: 50, minAgreement: 0.98, maxP99IncreaseMs: 5_000, compare: { ignore: ['model'] }, graceMs: 1000 });
    expect(result.paired).toBeGreaterThanOrEqual(50);
    expect(result).toMatchObject({ verdict: 'pass', reasons: [], agreement: 1, candidateErrors: 0, unpaired: { stableOnly: 0, candidateOnly: 0, withoutId: 0, evicted: 0 } });
    expect(result.latencyMs.stable!.count).toBe(result.paired);
    expect(result.latencyMs.p99Increase).toBe(result.latencyMs.candidate!.p99 - result.latencyMs.stable!.p99);
    expect(result.summary).toMatch(/^shadow \(reported\) \d+ mirrored: agreement 100\.00% \(\d+ of \d+\) ≥ 98\.00%, p99 \+-?[\d.]+ ms ≤ \+5000 ms: pass$/);
  });

  it('without ignoring the model field every answer differs, and a slow candidate fails the latency gate', async () => {
    const { shadow, proxy } = await setup({ delayMs: () => 300 });
    const result = await shadowWithTraffic(proxy, { candidate: shadow.address, durationMs: 60_000, maxPairs: 20, minAgreement: 0.5, maxP99IncreaseMs: 10, graceMs: 1000 });
    expect(result.agreement).toBe(0);
    expect(result.disagreements[0]!.why).toBe('model: "stable" ≠ "candidate"');
    expect(result.reasons[1]).toMatch(/^candidate p99 [\d.]+ ms is [\d.]+ ms slower than stable's [\d.]+ ms > max-p99-increase 10\.0 ms$/);
  });

  it('counts and reports requests whose stable answer never came as unpaired', async () => {
    // Inputs ending in 5 take stable 6 s: their answers come after the shadow has closed.
    const { shadow, proxy } = await setup({}, (_req, body) => (JSON.parse(body).x % 10 === 5 ? 6000 : 0));
    const shadowRun = runShadow({ target: proxy, candidate: shadow.address, durationMs: 2500, minAgreement: 0.9, compare: { ignore: ['model'] }, graceMs: 1500 });
    while (proxy.counters().mirror.sent === 0) await send(proxy, 0);
    const live: Array<Promise<number>> = [];
    for (let x = 100; x < 150; x++) live.push(send(proxy, x));
    const result = await shadowRun;
    expect(result.unpaired).toEqual({ stableOnly: 0, candidateOnly: 5, withoutId: 0, evicted: 0 });
    // Only the last probe was mirrored: the loop stops at the first copy sent.
    expect(result.paired).toBe(45 + 1);
    expect(result.summary).toContain('5 unpaired (0 stable only, 5 candidate only, 0 without request id, 0 evicted)');
    expect(await Promise.all(live)).toEqual(Array(50).fill(200));
  });

  it('is inconclusive without traffic, and refuses a target that cannot mirror', async () => {
    const { shadow, proxy } = await setup({});
    const idle = await runShadow({ target: proxy, candidate: shadow.address, durationMs: 100, minAgreement: 0.98 });
    expect(idle).toMatchObject({ verdict: 'inconclusive', paired: 0, agreement: null });
    expect(idle.reasons[0]).toBe('no request was paired (0 mirrored): was there live traffic during the shadow?');
    const cannot: TrafficTarget = { kind: 'command', setWeight: async () => {}, current: async () => ({ stable: null, canary: null, canaryWeight: 0 }), promote: async () => {}, abort: async () => {} };
    await expect(runShadow({ target: cannot, candidate: shadow.address, durationMs: 100, minAgreement: 0.98 })).rejects.toThrow(ShadowError);
    await expect(runShadow({ target: { ...cannot, kind: 'nginx', setMirror: async () => {} }, candidate: shadow.address, durationMs: 100, minAgreement: 0.98 })).rejects.toThrow("give deploy.shadow.stable (host:port)");
  });
});

describe('answersDiffer', () => {
  const answer = (body: string, status = 200) => ({ status, body, latencyMs: 1 });
  it('normalises JSON (key order, whitespace), applies tolerances and ignored paths', () => {
    expect(answersDiffer(answer('{"a":1,"b":[1,2]}'), answer('{ "b": [1, 2], "a": 1 }'))).toBeNull();
    expect(answersDiffer(answer('{"score":0.5}'), answer('{"score":0.5000001}'))).toBe('score: 0.5 ≠ 0.5000001');
    expect(answersDiffer(answer('{"score":0.5}'), answer('{"score":0.5000001}'), { tolerance: 1e-6 })).toBeNull();
    expect(answersDiffer(answer('{"score":100}'), answer('{"score":101}'), { relativeTolerance: 0.01 })).toBeNull();
    expect(answersDiffer(answer('{"score":100}'), answer('{"score":102}'), { relativeTolerance: 0.01 })).toBe('score: 100 ≠ 102');
    expect(answersDiffer(answer('[{"t":1,"y":2}]'), answer('[{"t":9,"y":2}]'), { ignore: ['*.t'] })).toBeNull();
    expect(answersDiffer(answer('{"a":1}'), answer('{"a":1,"b":2}'))).toBe('b: missing ≠ 2');
    expect(answersDiffer(answer('{}', 200), answer('{}', 500))).toBe('status 200 ≠ 500');
    expect(answersDiffer(answer('yes\n'), answer('yes'))).toBeNull();
    expect(answersDiffer(answer('yes'), answer('no'))).toBe('body "yes" ≠ "no"');
    expect(answersDiffer(answer('{}'), { status: 0, body: '', latencyMs: 1, error: 'ECONNREFUSED' })).toBe('candidate failed: ECONNREFUSED');
  });

  it('reads the spec keys with the schema defaults', () => {
    expect(shadowPlan({})).toEqual({ durationMs: 600_000, minAgreement: 0.95, compare: {} });
    expect(shadowPlan({ duration: '2m', requests: 500, 'min-agreement': 0.98, 'max-p99-increase': '20ms', tolerance: 0.001, ignore: ['model'], stable: '127.0.0.1:8001' })).toEqual({
      durationMs: 120_000,
      maxPairs: 500,
      minAgreement: 0.98,
      maxP99IncreaseMs: 20,
      compare: { tolerance: 0.001, ignore: ['model'] },
      stable: '127.0.0.1:8001',
    });
  });
});
